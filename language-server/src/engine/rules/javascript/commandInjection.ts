import { jsLanguages, owasp, type Rule } from '../../rule';
import { whenTainted } from '../ruleHelpers';
import { execContext, execFileFix, execQuery } from './execFileFix';
import { isBuiltString } from './sqlSink';

const execShared = {
	languages: jsLanguages,
	vulnClass: 'command-injection',
	cwe: [78],
	owasp: owasp.injection,
	query: execQuery,
	fix: execFileFix,
} as const;

/** Untrusted data in a command line run by a shell. */
export const commandInjection: Rule = {
	...execShared,
	id: 'rampart.js.command-injection.exec',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data reaches a shell command (child_process.exec); use execFile with an argument array.',
	help:
		'`child_process.exec`/`execSync` (and shelljs `exec`, execa `command`) hand the whole string to `/bin/sh`, so `;`, `&&`, `$( )` or backticks in request data run extra commands. ' +
		'Call the program directly with `execFile`/`spawn` and pass each value as a separate array element (`execFile("git", ["log", ref])`); add `--` before user values so they cannot be read as options, and check values against an allow-list where possible.',
	check: (match) => {
		const ctx = execContext(match);
		return ctx ? whenTainted(ctx, 'cmd') : false;
	},
};

/** A shell command assembled from computed values. */
export const commandInjectionAudit: Rule = {
	...execShared,
	id: 'rampart.js.command-injection.exec-audit',
	severity: 'info',
	precision: 'low',
	message: 'A shell command is built from computed values; prefer execFile with an argument array.',
	help: 'No untrusted source reaches this command within the function, but building shell command lines from variables invites injection once a caller passes user data. `execFile("prog", [arg])` avoids the shell entirely.',
	check: (match) => {
		const ctx = execContext(match);
		const cmd = ctx?.captures.get('cmd');
		return !!ctx && !!cmd && isBuiltString(cmd) && !ctx.taint(cmd);
	},
};
