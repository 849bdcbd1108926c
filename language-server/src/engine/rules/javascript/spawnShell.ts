import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { argumentsOf, optionValue, qualifiedCallee, resolveConst, stringValue } from './jsHelpers';
import { callParts, callQuery } from './queryText';

const query = callQuery('spawn|spawnSync|execFile|execFileSync|fork|execa|execaSync');

const processFunctions = /^(child_process\.(spawn|spawnSync|execFile|execFileSync)|cross-spawn(\.sync)?|execa(\.execa|\.execaSync)?)$/;
const shells = /^(\/(usr\/)?bin\/)?(sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|pwsh)$/;

/** `{ shell: true }` or `{ shell: '/bin/bash' }` among the call's arguments. */
function usesShell(call: Node): boolean {
	const shell = optionValue(call, 'shell');
	if (!shell) {
		return false;
	}
	return shell.type === 'true' || (shell.type === 'string' && stringValue(shell) !== '') || shell.type === 'identifier' || shell.type === 'member_expression';
}

/** `spawn('sh', ['-c', script])`: the script is a shell command line. */
function shellScriptArgument(call: Node): Node | undefined {
	const [program, list] = argumentsOf(call);
	const args = list ? resolveConst(list) : undefined;
	if (!program || !shells.test(stringValue(program) ?? '') || args?.type !== 'array') {
		return undefined;
	}
	const items = args.namedChildren.filter((c): c is Node => c !== null);
	const flag = items.findIndex((c) => /^(-c|\/c|\/C|-Command)$/.test(stringValue(c) ?? ''));
	return flag >= 0 ? items[flag + 1] : undefined;
}

function check(ctx: MatchContext): CheckResult {
	if (!/^(spawn|spawnSync|execFile|execFileSync|fork|execa|execaSync)$/.test(callParts(ctx.node)?.name.text ?? '') || !processFunctions.test(qualifiedCallee(ctx, ctx.node))) {
		return false;
	}
	const script = shellScriptArgument(ctx.node);
	if (script) {
		const taint = ctx.taint(script);
		return taint ? { taint } : false;
	}
	if (!usesShell(ctx.node)) {
		return false;
	}
	const [program, list] = argumentsOf(ctx.node);
	for (const node of [program, list]) {
		const taint = node && node.type !== 'object' ? ctx.taint(node) : undefined;
		if (taint) {
			return { taint };
		}
	}
	return false;
}

/** spawn/execFile told to go through a shell, with untrusted data in the command or its arguments. */
export const spawnShellInjection: Rule = {
	languages: jsLanguages,
	vulnClass: 'command-injection',
	cwe: [78],
	owasp: owasp.injection,
	id: 'rampart.js.command-injection.spawn-shell',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data reaches a process started through a shell (shell: true or sh -c).',
	help:
		'`spawn`/`execFile` are safe with an argument array only while no shell is involved. With `{ shell: true }` Node joins the command and arguments into one shell command line, and `spawn("sh", ["-c", script])` runs the script text, so metacharacters in request data run extra commands. ' +
		'Drop the `shell` option, call the program itself with the user value as its own array element, and validate values against an allow-list.',
	query,
	check,
};
