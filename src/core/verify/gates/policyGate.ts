// policy: the contract's forbidden APIs and packages, found on the syntax tree (calls resolved
// through the file's imports, so `cp.exec` of child_process is `child_process.exec` and a comment
// or string mentioning it is not a use), plus the dependencies declared in package.json and
// requirements.txt.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { collectImports, qualifiedName } from '../../../../language-server/src/engine/imports';
import { languageOfPath } from '../../../../language-server/src/engine/languages';
import { relativePathOf } from '../../../../language-server/src/engine/scanFiles';
import { SecurityEngine } from '../../../../language-server/src/engine/securityEngine';
import type { LanguageId } from '../../../../language-server/src/engine/types';
import { listSourceFiles } from '../../../../language-server/src/engine/workspaceFiles';
import { type Gate, type GateDetail, hardFail, skipped, success } from './gateTypes';

/** `child_process.exec` matches itself; `subprocess.*` matches everything under subprocess. */
export function apiMatches(pattern: string, name: string): boolean {
	return pattern.endsWith('.*') ? name.startsWith(pattern.slice(0, -1)) || name === pattern.slice(0, -2) : name === pattern;
}

/** The package a module specifier belongs to: `lodash/fp` → lodash, `@a/b/c` → @a/b, `yaml.loader` → yaml. */
export function packageOf(specifier: string, language: LanguageId): string {
	if (language === 'python') {
		return specifier.split('.')[0] ?? specifier;
	}
	const parts = specifier.replace(/^node:/, '').split('/');
	return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const CALL_TYPES = ['call_expression', 'new_expression', 'call'];

function stringArgument(call: Node): string | undefined {
	const arg = call.childForFieldName('arguments')?.namedChildren[0];
	return arg && (arg.type === 'string' || arg.type === 'template_string') ? arg.text.replace(/^['"`]|['"`]$/g, '') : undefined;
}

/** Packages and qualified call names used in one parsed file. */
function usesOf(root: Node, language: LanguageId): { packages: Map<string, Node>; calls: { name: string; node: Node }[] } {
	const imports = collectImports(root, language);
	const packages = new Map<string, Node>();
	if (language === 'python') {
		for (const node of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
			const names = node?.type === 'import_from_statement' ? [node.childForFieldName('module_name')] : (node?.childrenForFieldName('name') ?? []);
			for (const name of names) {
				const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name')?.text : name?.text;
				if (node && dotted && !dotted.startsWith('.')) {
					packages.set(packageOf(dotted, language), node);
				}
			}
		}
	} else {
		// Module specifiers straight from the syntax tree: package names may contain dots (socket.io).
		for (const node of root.descendantsOfType(['import_statement', 'export_statement'])) {
			const source = node?.childForFieldName('source');
			if (node && source) {
				packages.set(packageOf(source.text.replace(/^['"]|['"]$/g, ''), language), node);
			}
		}
	}
	const calls: { name: string; node: Node }[] = [];
	for (const call of root.descendantsOfType(CALL_TYPES)) {
		if (!call) {
			continue;
		}
		const callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
		if (!callee) {
			continue;
		}
		if (callee.text === 'require' || callee.type === 'import' || callee.text === '__import__' || callee.text === 'importlib.import_module') {
			const spec = stringArgument(call);
			if (spec) {
				packages.set(packageOf(spec, language), call);
			}
			continue;
		}
		calls.push({ name: qualifiedName(callee.text.replace(/\s+/g, ''), imports), node: call });
	}
	return { packages, calls };
}

async function declaredPackages(root: string): Promise<{ name: string; file: string }[]> {
	const out: { name: string; file: string }[] = [];
	const pkg = await fs.readFile(join(root, 'package.json'), 'utf8').catch(() => undefined);
	if (pkg) {
		try {
			const json = JSON.parse(pkg) as Record<string, Record<string, string> | undefined>;
			for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
				for (const name of Object.keys(json[field] ?? {})) {
					out.push({ name, file: 'package.json' });
				}
			}
		} catch {
			// the build step reports an unparsable package.json
		}
	}
	const reqs = await fs.readFile(join(root, 'requirements.txt'), 'utf8').catch(() => undefined);
	for (const line of (reqs ?? '').split('\n')) {
		const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line)?.[1];
		if (name) {
			out.push({ name: name.toLowerCase(), file: 'requirements.txt' });
		}
	}
	return out;
}

export const policyGate: Gate = {
	kind: 'policy',
	async run(context) {
		const { forbiddenApis, forbiddenPackages } = context.contract;
		if (forbiddenApis.length === 0 && forbiddenPackages.length === 0) {
			return skipped('the contract forbids no API and no package');
		}
		const details: GateDetail[] = [];
		const at = (file: string, node: Node): Pick<GateDetail, 'file' | 'line' | 'column'> => ({ file, line: node.startPosition.row + 1, column: node.startPosition.column + 1 });
		for (const dep of await declaredPackages(context.root)) {
			const rule = forbiddenPackages.find((p) => p.name.toLowerCase() === dep.name.toLowerCase());
			if (rule) {
				details.push({ message: `forbidden package '${dep.name}' is a dependency: ${rule.reason}`, file: dep.file, ruleId: 'policy/forbidden-package' });
			}
		}
		const files = await listSourceFiles([context.root]);
		const engine = await SecurityEngine.create();
		let analysed = 0;
		for (const path of files) {
			const language = languageOfPath(path);
			const text = language ? await fs.readFile(path, 'utf8').catch(() => undefined) : undefined;
			const tree = language && text !== undefined ? engine.parse(text, language) : null;
			if (!language || !tree) {
				continue;
			}
			analysed++;
			const rel = relativePathOf(context.root, path);
			const { packages, calls } = usesOf(tree.rootNode, language);
			for (const [name, node] of packages) {
				const rule = forbiddenPackages.find((p) => p.name === name);
				if (rule) {
					details.push({ message: `forbidden package '${name}' is imported: ${rule.reason}`, ...at(rel, node), ruleId: 'policy/forbidden-package' });
				}
			}
			for (const call of calls) {
				const rule = forbiddenApis.find((a) => apiMatches(a.pattern, call.name));
				if (rule) {
					details.push({ message: `forbidden API '${call.name}' is called: ${rule.reason}`, ...at(rel, call.node), ruleId: 'policy/forbidden-api' });
				}
			}
			tree.delete();
		}
		const summary = `${analysed} file(s) checked against ${forbiddenApis.length} forbidden API(s) and ${forbiddenPackages.length} forbidden package(s)`;
		return details.length > 0 ? hardFail(`${details.length} contract violation(s): ${summary}`, { details }) : success(summary);
	},
};
