// Runs commands directly on this machine, for when no container engine is reachable. It exists only
// behind an explicit per-run approval that names every command line: anything else is refused. No
// shell is involved, the environment holds only allow-listed variables the caller passes, and the
// whole process group is killed on timeout or cancellation.
import { spawn } from 'node:child_process';
import { resolve, sep } from 'node:path';
import { CappedOutput, DEFAULT_ENV_ALLOW_LIST, DEFAULT_OUTPUT_CAP, filterEnv } from './outputCap';
import type { SandboxAvailability, SandboxCommand, SandboxPort, SandboxResult } from './sandboxPort';

/** The user's approval for one run: exactly these command lines, nothing else. */
export interface HostRunApproval {
	readonly runId: string;
	readonly commands: readonly string[];
}

/** One command line as shown to the user for approval (arguments with spaces are quoted). */
export function commandLine(command: string, args: readonly string[]): string {
	return [command, ...args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export class HostCommandNotApprovedError extends Error {
	constructor(readonly line: string) {
		super(`Not approved for this run, so not run on the host: ${line}`);
	}
}

export interface HostSandboxOptions {
	workspaceRoot: string;
	approval: HostRunApproval;
	envAllowList?: readonly string[];
	outputCap?: number;
	/** PATH given to commands when the caller passes none (the host's PATH is not inherited). */
	path?: string;
}

export class HostSandbox implements SandboxPort {
	readonly kind = 'host' as const;
	private readonly root: string;
	private readonly approved: Set<string>;

	constructor(private readonly options: HostSandboxOptions) {
		this.root = resolve(options.workspaceRoot);
		this.approved = new Set(options.approval.commands);
	}

	available(): Promise<SandboxAvailability> {
		return Promise.resolve({ ok: true });
	}

	isApproved(cmd: Pick<SandboxCommand, 'command' | 'args'>): boolean {
		return this.approved.has(commandLine(cmd.command, cmd.args));
	}

	run(cmd: SandboxCommand): Promise<SandboxResult> {
		const line = commandLine(cmd.command, cmd.args);
		if (!this.approved.has(line)) {
			return Promise.reject(new HostCommandNotApprovedError(line));
		}
		const cwd = resolve(this.root, cmd.cwd);
		if (cwd !== this.root && !cwd.startsWith(this.root + sep)) {
			return Promise.reject(new Error(`working folder leaves the workspace: ${cmd.cwd}`));
		}
		const env = {
			PATH: this.options.path ?? '/usr/local/bin:/usr/bin:/bin',
			...filterEnv(cmd.env, this.options.envAllowList ?? DEFAULT_ENV_ALLOW_LIST),
		};
		const cap = this.options.outputCap ?? DEFAULT_OUTPUT_CAP;
		const out = { stdout: new CappedOutput(cap), stderr: new CappedOutput(cap) };
		const started = Date.now();
		return new Promise<SandboxResult>((done) => {
			let killedBy: SandboxResult['killedBy'];
			const finish = (exitCode: number | null): void => {
				clearTimeout(timer);
				cmd.signal?.removeEventListener('abort', onAbort);
				done({
					exitCode: killedBy === 'timeout' || killedBy === 'cancelled' ? null : exitCode,
					...(killedBy ? { killedBy } : {}),
					durationMs: Date.now() - started,
					stdout: out.stdout.text(),
					stderr: out.stderr.text(),
					truncated: out.stdout.truncated || out.stderr.truncated,
					where: 'host',
				});
			};
			const child = spawn(cmd.command, [...cmd.args], { cwd, env, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
			const kill = (why: NonNullable<SandboxResult['killedBy']>): void => {
				killedBy ??= why;
				try {
					if (child.pid !== undefined) {
						process.kill(-child.pid, 'SIGKILL');
					}
				} catch {
					child.kill('SIGKILL');
				}
			};
			const timer = setTimeout(() => kill('timeout'), cmd.timeoutMs);
			const onAbort = (): void => kill('cancelled');
			if (cmd.signal?.aborted) {
				kill('cancelled');
			}
			cmd.signal?.addEventListener('abort', onAbort, { once: true });
			for (const name of ['stdout', 'stderr'] as const) {
				child[name].setEncoding('utf8');
				child[name].on('data', (text: string) => {
					out[name].append(text);
					cmd.onOutput?.(text, name);
				});
			}
			child.on('error', (e) => {
				out.stderr.append(`${e.message}\n`);
				finish(127);
			});
			child.on('close', (code) => {
				// Whatever the command left running in the background goes with it.
				try {
					if (child.pid !== undefined) {
						process.kill(-child.pid, 'SIGKILL');
					}
				} catch {
					// the group is already gone
				}
				finish(code);
			});
		});
	}
}
