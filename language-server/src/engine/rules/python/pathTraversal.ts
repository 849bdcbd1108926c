import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import type { TaintTrace } from '../../taint/taintTracker';
import { argumentOf, calleeName, calleeObject, fromLocalUser, positionalArguments, resolveLocal, unguardedTaint } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list . (_))
  (#any-of? @fn "open" "send_file" "FileResponse" "remove" "unlink" "rmdir" "removedirs" "listdir" "scandir" "rename" "replace" "rmtree" "copy" "copyfile" "copy2" "copytree" "move")) @finding
(call
  function: (attribute attribute: (identifier) @method)
  (#any-of? @method "read_text" "read_bytes" "write_text" "write_bytes" "open" "unlink" "rmdir" "iterdir")) @finding
`;

/** Functions whose first argument (or first two, for copies and moves) is a file-system path. */
const pathSinks: Readonly<Record<string, number>> = {
	open: 1,
	'io.open': 1,
	'codecs.open': 1,
	'aiofiles.open': 1,
	'os.open': 1,
	'os.remove': 1,
	'os.unlink': 1,
	'os.rmdir': 1,
	'os.removedirs': 1,
	'os.listdir': 1,
	'os.scandir': 1,
	'os.rename': 2,
	'os.replace': 2,
	'shutil.rmtree': 1,
	'shutil.copy': 2,
	'shutil.copyfile': 2,
	'shutil.copy2': 2,
	'shutil.copytree': 2,
	'shutil.move': 2,
	'flask.send_file': 1,
	'django.http.FileResponse': 1,
	'starlette.responses.FileResponse': 1,
	'fastapi.responses.FileResponse': 1,
};

const pathConstructor = /^(pathlib\.)?(Path|PurePath|PosixPath|WindowsPath)\s*\(/;

/** `Path(x)`, `BASE / name`, or a variable holding one. */
function isPathObject(node: Node, depth = 0): boolean {
	if (pathConstructor.test(node.text)) {
		return true;
	}
	if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '/') {
		return true;
	}
	if (node.type === 'parenthesized_expression' && node.namedChildren[0]) {
		return isPathObject(node.namedChildren[0], depth + 1);
	}
	if (node.type === 'identifier' && depth < 3) {
		const value = resolveLocal(node);
		return !!value && isPathObject(value, depth + 1);
	}
	return false;
}

/** The path arguments of the sink, or [] when the call is not a file-system sink. */
function pathArguments(ctx: MatchContext): Node[] {
	const receiver = ctx.text('method') ? calleeObject(ctx.node) : undefined;
	if (receiver) {
		return isPathObject(receiver) ? [receiver] : [];
	}
	const count = pathSinks[calleeName(ctx, ctx.node)];
	if (!count) {
		return [];
	}
	const first = argumentOf(ctx.node, 0, 'file') ?? argumentOf(ctx.node, 0, 'path');
	return [first, count > 1 ? positionalArguments(ctx.node)[1] : undefined].filter((n): n is Node => !!n);
}

/** Untrusted data used as a file-system path without containment. */
export const pyPathTraversal: Rule = {
	languages: pyLanguages,
	vulnClass: 'path-traversal',
	cwe: [22],
	owasp: owasp.access,
	id: 'rampart.py.path-traversal.file-access',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is used as a file path; "../" or an absolute path can reach any file.',
	help:
		'A file name from the request passed to `open`, `send_file`, `FileResponse`, `os.remove`, `shutil` or `Path(...).read_text()` lets an attacker ' +
		'use `../../etc/passwd` or an absolute path, and `os.path.join(base, name)` does not help: an absolute `name` replaces `base`. ' +
		'Serve files with `send_from_directory(folder, name)` (Flask) which refuses escapes, reduce the name with `werkzeug.utils.secure_filename` ' +
		'or `os.path.basename`, or resolve the path and check containment before use: ' +
		'`full = (BASE / name).resolve(); if not full.is_relative_to(BASE): abort(404)`. ' +
		'Paths from command-line arguments or `input()` are not reported: a CLI that opens the file its user names is working as intended.',
	query,
	check: (ctx) => {
		for (const path of pathArguments(ctx)) {
			// `FileResponse(open(path))` is reported once, at `open`.
			if (path.type === 'call' && calleeName(ctx, path) in pathSinks) {
				continue;
			}
			const trace: TaintTrace | undefined = unguardedTaint(ctx.node, path, ctx.taint);
			if (trace && !fromLocalUser(trace)) {
				return { taint: trace };
			}
		}
		return false;
	},
};
