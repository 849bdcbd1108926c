import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { isLiteral } from '../ruleHelpers';
import { calleeName, firstArgument, unguardedTaint } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list . (_))
  (#any-of? @fn "system" "popen" "popen2" "popen3" "popen4" "getoutput" "getstatusoutput" "create_subprocess_shell")) @finding
`;

/** Functions that always hand their string to `/bin/sh -c` (or `cmd.exe /c`). */
const shellFunctions = new Set([
	'os.system',
	'os.popen',
	'os.popen2',
	'os.popen3',
	'os.popen4',
	'popen2.popen2',
	'popen2.popen3',
	'popen2.popen4',
	'commands.getoutput',
	'commands.getstatusoutput',
	'subprocess.getoutput',
	'subprocess.getstatusoutput',
	'asyncio.create_subprocess_shell',
	'platform.popen',
]);

function isShellCall(ctx: MatchContext): boolean {
	return shellFunctions.has(calleeName(ctx, ctx.node));
}

const shared = {
	languages: pyLanguages,
	vulnClass: 'command-injection',
	cwe: [78],
	owasp: owasp.injection,
	query,
} as const;

/** Untrusted data in a command run through the shell by os.system/os.popen/commands.getoutput. */
export const osCommandInjection: Rule = {
	...shared,
	id: 'rampart.py.command-injection.os-system',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data reaches a shell command (os.system/os.popen/getoutput).',
	help:
		'`os.system`, `os.popen`, `subprocess.getoutput` and `asyncio.create_subprocess_shell` pass their string to the shell, so `;`, `|`, `$(...)` or backticks ' +
		'in request data run extra commands with the server\'s rights. Call the program directly with an argument list and no shell: ' +
		'`subprocess.run(["ping", "-c", "1", host], check=True)`. If a shell is unavoidable, quote every value with `shlex.quote` and validate it ' +
		'against an allow-list (for example a host-name pattern) first.',
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		const taint = arg && isShellCall(ctx) ? unguardedTaint(ctx.node, arg, ctx.taint) : undefined;
		return taint ? { taint } : false;
	},
};

/** A computed shell command with no visible untrusted source: audit level. */
export const osCommandAudit: Rule = {
	...shared,
	id: 'rampart.py.command-injection.os-system-audit',
	severity: 'info',
	precision: 'low',
	message: 'A computed command runs through the shell; check that no user input reaches it.',
	help:
		'The command string is built at run time and handed to the shell. No untrusted source reaches it in this function, but callers may pass ' +
		'file names or other outside data. Prefer `subprocess.run([...])` with an argument list, which never interprets shell syntax.',
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		return !!arg && isShellCall(ctx) && !/\bquote\(/.test(arg.text) && !isLiteral(arg) && !ctx.taint(arg);
	},
};
