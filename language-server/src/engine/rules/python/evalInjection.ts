import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { isLiteral } from '../ruleHelpers';
import { calleeName, firstArgument, fromLocalUser, isGuarded } from './pyHelpers';

const query = `
(call
  function: (identifier) @fn
  arguments: (argument_list . (_))
  (#any-of? @fn "eval" "exec" "compile" "execfile" "__import__" "import_module")) @finding
(call
  function: (attribute object: (identifier) @obj attribute: (identifier) @fn)
  arguments: (argument_list . (_))
  (#any-of? @obj "builtins" "__builtins__" "importlib")
  (#any-of? @fn "eval" "exec" "compile" "__import__" "import_module")) @finding
`;

/** Built-ins and importers that turn a string into running code (a bare `compile` imported from `re` is not one). */
const codeRunners = new Set(['eval', 'exec', 'compile', 'execfile', 'builtins.eval', 'builtins.exec', 'builtins.compile', '__builtins__.eval', '__builtins__.exec']);
const importers = new Set(['__import__', 'builtins.__import__', 'importlib.import_module', 'importlib.__import__']);

function kindOf(ctx: MatchContext): 'code' | 'import' | undefined {
	const name = calleeName(ctx, ctx.node);
	const kind = codeRunners.has(name) ? 'code' : importers.has(name) ? 'import' : undefined;
	return kind && !definesFunction(ctx.node.tree.rootNode, name) ? kind : undefined;
}

/** A module that defines its own `compile`/`eval` (e.g. `py_compile.compile`) shadows the built-in. */
function definesFunction(root: Node, name: string): boolean {
	for (let i = 0; i < root.namedChildCount; i++) {
		const child = root.namedChild(i);
		const definition = child?.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
		if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === name) {
			return true;
		}
	}
	return false;
}

const shared = {
	languages: pyLanguages,
	vulnClass: 'code-injection',
	cwe: [95],
	owasp: owasp.injection,
	query,
} as const;

/** Untrusted data evaluated as Python code or used to pick a module to import. */
export const pyEvalInjection: Rule = {
	...shared,
	id: 'rampart.py.code-injection.eval',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is evaluated as Python code (eval/exec/compile/__import__).',
	help:
		'`eval`, `exec` and `compile` run any Python they are given, and `__import__`/`importlib.import_module` import any module on the path; ' +
		'with request data that means remote code execution (`__import__("os").system(...)`). There is no safe way to sandbox `eval`. ' +
		'Parse data with `json.loads` or `ast.literal_eval` (literals only), compute expressions with a small parser, and choose functions or ' +
		'plugins from a fixed dictionary: `HANDLERS[name]()`, never from a module name the client sends. (A module named on the command line of a CLI is not reported.)',
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		const kind = kindOf(ctx);
		const taint = arg && kind ? ctx.taint(arg) : undefined;
		// `python -m tool <module>`: importing the module its own user names is what a CLI is for.
		if (!arg || !taint || (kind === 'import' && (fromLocalUser(taint) || isGuarded(ctx.node, arg)))) {
			return false;
		}
		return kind === 'import' ? { taint, message: 'Untrusted data chooses a module to import; an attacker can load and run arbitrary modules.' } : { taint };
	},
};

/** A computed string evaluated as code with no visible untrusted source: audit level. */
export const pyEvalAudit: Rule = {
	...shared,
	id: 'rampart.py.code-injection.eval-audit',
	severity: 'info',
	precision: 'low',
	message: 'A computed string is evaluated as Python code; check that no user input can reach it.',
	help:
		'`eval`/`exec`/`compile` of a string built at run time is dangerous even when no untrusted source is visible in this function: ' +
		'configuration files, database rows and callers can all carry attacker data. Prefer `ast.literal_eval`, `json.loads` or a lookup table.',
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		return !!arg && kindOf(ctx) === 'code' && !isLiteral(arg) && !ctx.taint(arg);
	},
};
