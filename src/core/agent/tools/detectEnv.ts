// detect_env: which runtimes and tools are installed, and their versions. Runs a fixed list of
// version queries (`node --version`, `go version`, …) through the sandbox port — no shell, a short
// timeout each, no network, no model-chosen program or argument — and reports missing ones as
// missing. The probes are commands, so the command policy and workspace trust apply to them.
import { z } from 'zod';
import type { SandboxResult } from '../../sandbox/sandboxPort';
import { ToolError } from '../confinement';
import { agentTool } from './tool';

interface Probe {
	name: string;
	program: string;
	args: readonly string[];
}

const v = (name: string, program = name): Probe => ({ name, program, args: ['--version'] });

/** What is probed, in the order it is reported. */
export const probes: readonly Probe[] = [
	v('node'),
	v('npm'),
	v('pnpm'),
	v('yarn'),
	v('deno'),
	v('bun'),
	v('python3'),
	v('python'),
	v('pip3'),
	v('pip'),
	{ name: 'go', program: 'go', args: ['version'] },
	{ name: 'java', program: 'java', args: ['-version'] },
	{ name: 'javac', program: 'javac', args: ['-version'] },
	v('rustc'),
	v('cargo'),
	v('ruby'),
	v('php'),
	v('dotnet'),
	v('docker'),
	v('git'),
	v('make'),
	v('gcc'),
];

export const probeTimeoutMs = 5000;
const probeConcurrency = 6;
const runtimeNames = probes.map((p) => p.name) as [string, ...string[]];

export interface ProbeOutcome {
	name: string;
	status: 'installed' | 'missing' | 'error';
	version?: string;
	detail: string;
}

/** The first line that names a version, else the first non-empty line. */
function versionLine(result: SandboxResult): string {
	const lines = `${result.stdout}\n${result.stderr}`.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
	// Install locations ("pip 23.2 from /home/…") say nothing the model needs and name the user's folders.
	return (lines.find((l) => /\d+\.\d+/.test(l)) ?? lines[0] ?? '').replace(/ from (\/|[A-Za-z]:\\)\S*/, '').slice(0, 160);
}

/** Reads one probe's result: a missing program shows as a spawn error, exit 127 or no exit code. */
export function interpretProbe(name: string, result: SandboxResult | Error): ProbeOutcome {
	if (result instanceof Error) {
		const code = (result as NodeJS.ErrnoException).code;
		return code === 'ENOENT' || /ENOENT|not found/i.test(result.message) ? { name, status: 'missing', detail: 'not installed (not on PATH)' } : { name, status: 'error', detail: `could not be run: ${result.message.slice(0, 160)}` };
	}
	if (result.killedBy === 'timeout') {
		return { name, status: 'error', detail: `no answer to its version query within ${probeTimeoutMs / 1000} s` };
	}
	if (result.killedBy) {
		return { name, status: 'error', detail: `version query stopped (${result.killedBy})` };
	}
	const line = versionLine(result);
	if (result.exitCode === 127 || result.exitCode === null || (result.exitCode !== 0 && /not found|no such file|not recognized/i.test(line))) {
		return { name, status: 'missing', detail: 'not installed (not on PATH)' };
	}
	if (result.exitCode !== 0) {
		return { name, status: 'error', detail: `version query failed (exit ${result.exitCode})${line ? `: ${line}` : ''}` };
	}
	// The first version outside parentheses: "gcc (Debian 12.2.0-14) 12.2.0" → 12.2.0.
	const version = /\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?/.exec(line.replace(/\([^)]*\)/g, ''))?.[0];
	return { name, status: 'installed', ...(version ? { version } : {}), detail: line || 'installed (printed no version)' };
}

export const detectEnvTool = agentTool({
	name: 'detect_env',
	description: `Reports which runtimes and tools are installed where commands run, with their versions (missing ones are reported as missing). Checks: ${runtimeNames.join(', ')}; optional names limits it to some of them.`,
	readOnly: true,
	schema: z
		.object({
			names: z.array(z.enum(runtimeNames)).min(1).max(runtimeNames.length).optional().describe('Only these runtimes (default: all).'),
		})
		.strict(),
	async execute(input, ctx) {
		const wanted = input.names === undefined ? probes : probes.filter((p) => input.names?.includes(p.name));
		if (ctx.trusted === false) {
			throw new ToolError('This workspace is not trusted, so no command may run, not even version checks. Ask the user to trust the workspace if the runtimes matter for the task.');
		}
		if (!ctx.sandbox) {
			throw new ToolError('No command runner is configured in this session, so installed runtimes cannot be checked.');
		}
		await ctx.approvals.approveCommand({ tool: 'detect_env', program: 'detect_env', args: wanted.map((p) => [p.program, ...p.args].join(' ')), cwd: '', network: 'none' }, ctx.signal);
		const sandbox = ctx.sandbox;
		const outcomes: ProbeOutcome[] = new Array(wanted.length);
		let next = 0;
		const worker = async () => {
			while (next < wanted.length) {
				const i = next++;
				const probe = wanted[i];
				const result = await sandbox.run({ command: probe.program, args: probe.args, cwd: '', timeoutMs: probeTimeoutMs, network: 'none', signal: ctx.signal }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
				outcomes[i] = interpretProbe(probe.name, result);
			}
		};
		await Promise.all(Array.from({ length: Math.min(probeConcurrency, wanted.length) }, worker));
		if (ctx.signal.aborted) {
			throw new ToolError('Cancelled while checking the installed runtimes.');
		}
		const installed = outcomes.filter((o) => o.status === 'installed');
		const lines = outcomes.map((o) => `- ${o.name}: ${o.status === 'installed' ? `${o.version ?? 'installed'} (${o.detail})` : o.status === 'missing' ? 'missing' : `unknown — ${o.detail}`}`);
		return { content: `Runtimes where commands run (${sandbox.kind === 'docker' ? 'the container' : 'this machine'}): ${installed.length} of ${outcomes.length} found.\n${lines.join('\n')}` };
	},
});
