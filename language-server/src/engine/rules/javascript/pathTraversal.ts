import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { argumentsOf, enclosingFunction, qualifiedCallee, resolveConst } from './jsHelpers';
import { callParts, callQuery } from './queryText';

const fsFunctions = 'readFile|readFileSync|writeFile|writeFileSync|appendFile|appendFileSync|createReadStream|createWriteStream|unlink|unlinkSync|rm|rmSync|rmdir|rmdirSync|readdir|readdirSync|open|openSync|stat|statSync|lstat|lstatSync|access|accessSync|exists|existsSync|mkdir|mkdirSync|rename|renameSync|copyFile|copyFileSync|cp|cpSync|symlink|symlinkSync|truncate|chmod|chown|readJson|readJsonSync|outputFile|outputFileSync|remove|removeSync|pathExists|move|copy';
const query = callQuery(fsFunctions);

const fsModules = /^(fs|fs\/promises|fs-extra|graceful-fs|fs\.promises|mz\/fs)(\.promises)?\.\w+$/;
const twoPathFunctions = /^(rename|renameSync|copyFile|copyFileSync|cp|cpSync|symlink|symlinkSync|move|copy)$/;

/** The function checks the resolved path against a base directory before using it. */
function isContained(path: Node): boolean {
	const target = resolveConst(path);
	const names = new Set([path.text, target.text].filter((t) => /^[\w.$]+$/.test(t)));
	if (names.size === 0) {
		return false;
	}
	const body = enclosingFunction(path).text;
	for (const name of names) {
		const escaped = name.replace(/[.$]/g, '\\$&');
		if (new RegExp(`\\b${escaped}\\.startsWith\\(|relative\\([^)]*\\b${escaped}\\b|isPathInside\\([^)]*\\b${escaped}\\b|isInside\\([^)]*\\b${escaped}\\b`).test(body)) {
			return true;
		}
	}
	return false;
}

function check(ctx: MatchContext): CheckResult {
	const name = callParts(ctx.node)?.name.text ?? '';
	if (!new RegExp(`^(${fsFunctions})$`).test(name) || !fsModules.test(qualifiedCallee(ctx, ctx.node))) {
		return false;
	}
	const args = argumentsOf(ctx.node);
	const paths = twoPathFunctions.test(name) ? args.slice(0, 2) : args.slice(0, 1);
	for (const path of paths) {
		const taint = ctx.taint(path);
		if (taint && !isContained(path)) {
			return { taint };
		}
	}
	return false;
}

/** A file system call whose path comes from the request. */
export const pathTraversal: Rule = {
	languages: jsLanguages,
	vulnClass: 'path-traversal',
	cwe: [22],
	owasp: owasp.access,
	id: 'rampart.js.path-traversal.fs',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is used as a file path; ../ sequences can reach files outside the intended folder.',
	help:
		'Paths built from request data (`fs.readFile(path.join(uploads, req.params.name))`) let an attacker read or overwrite any file the process can access with `../../etc/passwd` or an absolute path; `path.join` and `path.resolve` do not prevent this. ' +
		'Reduce the value to a file name with `path.basename`, or resolve the full path and check it stays inside the base folder: `const full = path.resolve(base, name); if (!full.startsWith(base + path.sep)) throw …`. Better still, look files up by an id in a table you control.',
	query,
	check,
};
