// Runs commands in a fresh container per command on a Docker Engine (dockerode): the workspace is
// bind-mounted, the network is off unless the step allows it, CPU/memory/pids/time are limited,
// only allow-listed variables get in, output is streamed and capped, and the container is removed
// afterwards whatever happened (exit, timeout, cancellation, error).
import { posix, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import { CappedOutput, DEFAULT_ENV_ALLOW_LIST, DEFAULT_OUTPUT_CAP, filterEnv } from './outputCap';
import type { SandboxAvailability, SandboxCommand, SandboxPort, SandboxResult } from './sandboxPort';

export interface SandboxLimits {
	/** CPUs (fractions allowed). */
	cpus: number;
	memoryBytes: number;
	pids: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { cpus: 1, memoryBytes: 1024 * 1024 * 1024, pids: 256 };

export interface DockerSandboxOptions {
	docker: Docker;
	/** Absolute host path of the workspace; mounted read-write at `workspaceMount`. */
	workspaceRoot: string;
	image: string;
	limits?: Partial<SandboxLimits>;
	envAllowList?: readonly string[];
	outputCap?: number;
	/** Where the workspace appears inside the container. */
	workspaceMount?: string;
	/** Network mode for steps with network 'allowed' (the engine's default bridge unless set). */
	allowedNetworkMode?: string;
	/** `uid:gid` inside the container; defaults to this process's, so files written keep their owner. */
	user?: string;
}

const BASE_ENV: Record<string, string> = {
	PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
	HOME: '/tmp',
};

/** The in-container working folder for a workspace-relative `cwd`; refuses paths that leave the workspace. */
export function containerCwd(mount: string, cwd: string): string {
	const full = posix.resolve(mount, cwd.replace(/\\/g, '/'));
	if (full !== mount && !full.startsWith(`${mount}/`)) {
		throw new Error(`working folder leaves the workspace: ${cwd}`);
	}
	return full;
}

function errorText(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

export class DockerSandbox implements SandboxPort {
	readonly kind = 'docker' as const;
	private readonly limits: SandboxLimits;
	private readonly mount: string;
	private readonly root: string;

	constructor(private readonly options: DockerSandboxOptions) {
		this.limits = { ...DEFAULT_LIMITS, ...options.limits };
		this.mount = options.workspaceMount ?? '/workspace';
		this.root = resolve(options.workspaceRoot);
	}

	/** The same engine, workspace and limits with another base image (one per stack). */
	withImage(image: string): DockerSandbox {
		return new DockerSandbox({ ...this.options, image });
	}

	async available(): Promise<SandboxAvailability> {
		try {
			await this.options.docker.ping();
		} catch (e) {
			return { ok: false, reason: `The container engine does not answer: ${errorText(e)}` };
		}
		try {
			await this.options.docker.getImage(this.options.image).inspect();
		} catch {
			return { ok: false, reason: `The image '${this.options.image}' is not on the engine: pull or build it first (e.g. \`docker pull ${this.options.image}\`).` };
		}
		return { ok: true };
	}

	private defaultUser(): string | undefined {
		if (this.options.user !== undefined) {
			return this.options.user;
		}
		return typeof process.getuid === 'function' && typeof process.getgid === 'function' ? `${process.getuid()}:${process.getgid()}` : undefined;
	}

	private createOptions(cmd: SandboxCommand): Docker.ContainerCreateOptions {
		const allowList = this.options.envAllowList ?? DEFAULT_ENV_ALLOW_LIST;
		const env = { ...BASE_ENV, ...filterEnv(cmd.env, allowList) };
		const offline = cmd.network === 'none';
		return {
			Image: this.options.image,
			Entrypoint: [cmd.command],
			Cmd: [...cmd.args],
			WorkingDir: containerCwd(this.mount, cmd.cwd),
			Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
			User: this.defaultUser(),
			Tty: false,
			OpenStdin: false,
			AttachStdout: true,
			AttachStderr: true,
			NetworkDisabled: offline,
			Labels: { 'dev.rampart.sandbox': '1' },
			HostConfig: {
				Mounts: [{ Type: 'bind', Source: this.root, Target: this.mount, ReadOnly: false }],
				NetworkMode: offline ? 'none' : (this.options.allowedNetworkMode ?? 'bridge'),
				NanoCpus: Math.round(this.limits.cpus * 1e9),
				Memory: this.limits.memoryBytes,
				MemorySwap: this.limits.memoryBytes,
				PidsLimit: this.limits.pids,
				CapDrop: ['ALL'],
				SecurityOpt: ['no-new-privileges'],
				Tmpfs: { '/tmp': 'rw,exec,size=268435456' },
				AutoRemove: false,
			},
		};
	}

	async run(cmd: SandboxCommand): Promise<SandboxResult> {
		const started = Date.now();
		const cap = this.options.outputCap ?? DEFAULT_OUTPUT_CAP;
		const out = { stdout: new CappedOutput(cap), stderr: new CappedOutput(cap) };
		const result = (exitCode: number | null, killedBy?: SandboxResult['killedBy']): SandboxResult => ({
			exitCode,
			...(killedBy ? { killedBy } : {}),
			durationMs: Date.now() - started,
			stdout: out.stdout.text(),
			stderr: out.stderr.text(),
			truncated: out.stdout.truncated || out.stderr.truncated,
			where: 'container',
		});
		if (cmd.signal?.aborted) {
			return result(null, 'cancelled');
		}
		const docker = this.options.docker;
		const container = await docker.createContainer(this.createOptions(cmd));
		let killedBy: SandboxResult['killedBy'];
		const kill = (why: NonNullable<SandboxResult['killedBy']>): void => {
			killedBy ??= why;
			container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
		};
		const timer = setTimeout(() => kill('timeout'), cmd.timeoutMs);
		const onAbort = (): void => kill('cancelled');
		cmd.signal?.addEventListener('abort', onAbort, { once: true });
		try {
			const attached = await container.attach({ stream: true, stdout: true, stderr: true });
			const ended = this.collect(container, attached, out, cmd);
			try {
				await container.start();
			} catch (e) {
				// The engine refuses to start a program that is not in the image: report it as a shell would.
				if (/executable file not found|no such file or directory/i.test(errorText(e))) {
					out.stderr.append(`${cmd.command}: not found in the image (${errorText(e)})\n`);
					return result(127);
				}
				throw e;
			}
			if (killedBy) {
				// Timed out or cancelled while starting: the first kill found nothing running.
				kill(killedBy);
			}
			const waited = (await container.wait()) as { StatusCode: number };
			await Promise.race([ended, new Promise((r) => setTimeout(r, 2000).unref())]);
			if (!killedBy) {
				const state = await container.inspect().catch(() => undefined);
				if (state?.State.OOMKilled) {
					killedBy = 'limit';
				}
			}
			return result(killedBy === 'timeout' || killedBy === 'cancelled' ? null : waited.StatusCode, killedBy);
		} finally {
			clearTimeout(timer);
			cmd.signal?.removeEventListener('abort', onAbort);
			await container.remove({ force: true, v: true }).catch(() => undefined);
		}
	}

	/** Demultiplexes the attach stream into the capped buffers and the caller's callback. */
	private collect(container: Docker.Container, attached: NodeJS.ReadWriteStream, out: { stdout: CappedOutput; stderr: CappedOutput }, cmd: SandboxCommand): Promise<void> {
		const streams = { stdout: new PassThrough(), stderr: new PassThrough() };
		for (const name of ['stdout', 'stderr'] as const) {
			const decoder = new StringDecoder('utf8');
			streams[name].on('data', (data: Buffer) => {
				const text = decoder.write(data);
				if (text) {
					out[name].append(text);
					cmd.onOutput?.(text, name);
				}
			});
		}
		container.modem.demuxStream(attached, streams.stdout, streams.stderr);
		return new Promise<void>((done) => {
			attached.on('end', () => done());
			attached.on('close', () => done());
			attached.on('error', () => done());
		});
	}
}
