// run_command: runs one program with arguments through the sandbox port — never through a shell
// unless the model names one, with no network, in a working folder confined to the workspace —
// after the command policy allows it (auto / ask bound to the hash of the exact command line /
// deny). Refused outright in an untrusted workspace. Reports exit code, duration and capped output.
import { posix } from 'node:path';
import { z } from 'zod';
import type { SandboxResult } from '../../sandbox/sandboxPort';
import { formatCommandLine } from '../approvals';
import { ToolError } from '../confinement';
import { agentTool } from './tool';

export const defaultTimeoutSeconds = 120;
export const maxTimeoutSeconds = 900;
/** Characters of each stream the model gets back (the head and the tail when longer). */
export const maxOutputChars = 12_000;
const maxArgs = 200;
const maxArgChars = 8_000;

/** The head and tail of long output, with what was left out in between. */
export function capOutput(text: string, max = maxOutputChars): string {
	if (text.length <= max) {
		return text;
	}
	const head = Math.floor(max * 0.4);
	const tail = max - head;
	return `${text.slice(0, head)}\n[… ${text.length - max} characters left out …]\n${text.slice(-tail)}`;
}

/** Why an argument points outside the workspace (absolute, home-relative, or climbing out with ".."), else undefined. */
export function escapingArgument(arg: string, cwd: string): string | undefined {
	const candidates = [arg, ...(/^-{1,2}[\w.-]+=(.*)$/s.exec(arg)?.slice(1) ?? [])];
	for (const value of candidates) {
		if (/^(\/|\\|[A-Za-z]:[\\/]|~)/.test(value) && !/^\/\/?$/.test(value)) {
			return 'is an absolute path; use a path relative to the working folder';
		}
		if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
			continue; // a URL, not a path (network is off anyway)
		}
		const depth = cwd === '' ? 0 : cwd.split('/').length;
		let level = depth;
		for (const segment of value.split(/[\\/]+/)) {
			if (segment === '..') {
				level--;
				if (level < 0) {
					return 'climbs out of the workspace with ".."';
				}
			} else if (segment !== '.' && segment !== '') {
				level++;
			}
		}
	}
	return undefined;
}

function describeEnd(result: SandboxResult, timeoutSeconds: number): string {
	if (result.killedBy === 'timeout') {
		return `killed after the ${timeoutSeconds} s time limit`;
	}
	if (result.killedBy === 'cancelled') {
		return 'cancelled';
	}
	if (result.killedBy === 'limit') {
		return 'killed: it passed an output or resource limit';
	}
	return result.exitCode === null ? 'ended without an exit code' : `exit code ${result.exitCode}`;
}

export const runCommandTool = agentTool({
	name: 'run_command',
	description:
		'Runs one program with arguments (no shell: pipes, redirections and globs are not interpreted) in a workspace folder, without network access unless network is true and the user\'s policy allows it, under the user\'s command approval policy. Returns exit code, duration and the output (long output is cut in the middle). Example: {"command": "npm", "args": ["test"]}.',
	readOnly: false,
	schema: z
		.object({
			command: z.string().min(1).max(500).describe('The program only, e.g. "npm", "python3", "./scripts/check.sh"; arguments go in args.'),
			args: z.array(z.string().max(maxArgChars)).max(maxArgs).optional(),
			cwd: z.string().min(1).max(1000).optional().describe('Working folder relative to the workspace root (default: the root).'),
			timeout_seconds: z.number().int().min(1).max(maxTimeoutSeconds).optional().describe(`Default ${defaultTimeoutSeconds}.`),
			network: z.boolean().optional().describe('true only when the command needs the network (e.g. installing dependencies); governed by the network approval policy. Default false.'),
		})
		.strict(),
	async execute(input, ctx) {
		const args = input.args ?? [];
		const shown = formatCommandLine(input.command, args).slice(0, 200);
		if (ctx.trusted === false) {
			throw new ToolError(`This workspace is not trusted, so no command may run; \`${shown}\` was not run. Ask the user to trust the workspace if the command is needed.`);
		}
		if (/[\0\r\n]/.test(input.command) || args.some((a) => a.includes('\0'))) {
			throw new ToolError('The command or an argument contains a NUL byte or a line break; nothing was run.');
		}
		if (/\s/.test(input.command.trim()) && args.length === 0) {
			throw new ToolError(`command must be the program alone: got ${JSON.stringify(input.command.slice(0, 200))}. Put the arguments in args, e.g. {"command": "npm", "args": ["run", "build"]}. No shell interprets the command.`);
		}
		const { relative: cwd } = await ctx.confinement.resolve(input.cwd ?? '.', 'read');
		const cwdStat = await ctx.workspace.stat(cwd);
		if (cwdStat?.kind !== 'directory') {
			throw new ToolError(`The working folder ${JSON.stringify(cwd || '.')} is not a folder of the workspace; nothing was run.`);
		}
		let program = input.command.trim();
		if (/[\\/]/.test(program)) {
			// A script of the workspace: confined like any path, run relative to the working folder.
			const { relative } = await ctx.confinement.resolve(posix.join(cwd, program.replace(/\\/g, '/')), 'read');
			const stat = await ctx.workspace.stat(relative);
			if (stat?.kind !== 'file') {
				throw new ToolError(`The program ${JSON.stringify(input.command)} is not a file of the workspace; nothing was run. Give a program name on PATH (e.g. "node") or a workspace script.`);
			}
			const fromCwd = posix.relative(cwd, relative);
			program = fromCwd.startsWith('.') ? fromCwd : `./${fromCwd}`;
		}
		args.forEach((arg, i) => {
			const why = escapingArgument(arg, cwd);
			if (why) {
				throw new ToolError(`Argument ${i + 1} (${JSON.stringify(arg.slice(0, 200))}) ${why}: commands may only touch files inside the workspace. Nothing was run.`);
			}
		});
		if (!ctx.sandbox) {
			throw new ToolError(`No command runner is configured in this session; \`${shown}\` was not run.`);
		}
		const availability = await ctx.sandbox.available();
		if (!availability.ok) {
			throw new ToolError(`Commands cannot run right now: ${availability.reason ?? 'the command runner is not available'}. \`${shown}\` was not run.`);
		}
		const network = input.network === true ? 'allowed' : 'none';
		await ctx.approvals.approveCommand({ tool: 'run_command', program, args, cwd, network }, ctx.signal);
		const timeoutSeconds = input.timeout_seconds ?? defaultTimeoutSeconds;
		let result: SandboxResult;
		try {
			result = await ctx.sandbox.run({ command: program, args, cwd, timeoutMs: timeoutSeconds * 1000, network, signal: ctx.signal });
		} catch (error) {
			const message = (error as Error)?.message ?? String(error);
			throw new ToolError(/ENOENT|not found/i.test(message) ? `\`${program}\` was not found where commands run; check the name or use detect_env to see what is installed.` : `\`${shown}\` could not be started: ${message.slice(0, 500)}`);
		}
		const parts = [`$ ${shown}${cwd ? `   (in ${cwd})` : ''}`, `${describeEnd(result, timeoutSeconds)} · ${(result.durationMs / 1000).toFixed(1)} s · ${result.where === 'container' ? `ran in a container ${network === 'none' ? 'without' : 'with'} network` : 'ran on this machine'}${result.truncated ? ' · output was truncated by the runner' : ''}`];
		parts.push(result.stdout.trim() === '' ? 'stdout: (empty)' : `stdout:\n${capOutput(result.stdout)}`);
		parts.push(result.stderr.trim() === '' ? 'stderr: (empty)' : `stderr:\n${capOutput(result.stderr)}`);
		// A non-zero exit is an answer (failing tests are information); a killed command is an error.
		return { content: parts.join('\n'), ...(result.killedBy ? { isError: true } : {}) };
	},
});
