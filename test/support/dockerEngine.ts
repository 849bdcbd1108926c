// A real Docker engine for the sandbox and verification tests: Debian's dockerd started on its own
// socket, data-root and exec-root under the user's cache, with --bridge=none --iptables=false so it
// never touches the host's network settings. Base images come from rootfs tars built offline by
// test/tools/provisionDocker.mjs and are imported once (they persist in the cached data-root).
// Reference-counted per test process: the last `release()` stops the daemon this process started.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, openSync, promises as fsp, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { repoRoot } from './fixtureCorpus';

export const TEST_IMAGES = {
	busybox: { name: 'rampart-test/busybox:v1', tar: 'busybox-v1.tar' },
	runtime: { name: 'rampart-test/runtime:v2', tar: 'runtime-node-python-v2.tar' },
} as const;
export type TestImage = keyof typeof TEST_IMAGES;

const cacheDir = join(homedir(), '.cache', 'rampart-docker');
const engineDir = join(cacheDir, 'engine');
const socketPath = join(engineDir, 'docker.sock');

export interface TestEngine {
	docker: Docker;
	/** `unix://…` for DOCKER_HOST-style discovery tests. */
	uri: string;
}

let users = 0;
let daemon: ChildProcess | undefined;
let engine: TestEngine | undefined;

function provision(target: string): void {
	execFileSync(process.execPath, [join(repoRoot, 'test', 'tools', 'provisionDocker.mjs'), target], { stdio: 'inherit' });
}

function hasDockerd(): boolean {
	try {
		execFileSync('sh', ['-c', 'command -v dockerd'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

async function pings(docker: Docker): Promise<boolean> {
	try {
		await docker.ping();
		return true;
	} catch {
		return false;
	}
}

async function startDaemon(): Promise<TestEngine> {
	const docker = new Docker({ socketPath });
	if (existsSync(socketPath) && (await pings(docker))) {
		// Another test process of this machine started it; use it and leave stopping to that one.
		return { docker, uri: `unix://${socketPath}` };
	}
	if (!hasDockerd()) {
		provision('packages');
	}
	mkdirSync(engineDir, { recursive: true });
	const log = openSync(join(engineDir, 'dockerd.log'), 'a');
	daemon = spawn(
		'dockerd',
		[
			`--data-root=${join(engineDir, 'data')}`,
			`--exec-root=${join(engineDir, 'exec')}`,
			`--pidfile=${join(engineDir, 'dockerd.pid')}`,
			`--host=unix://${socketPath}`,
			'--bridge=none',
			'--iptables=false',
			'--ip6tables=false',
		],
		{ stdio: ['ignore', log, log] },
	);
	// If the test process ends without releasing (a crash, mocha --bail), the daemon goes with it.
	const started = daemon;
	process.once('exit', () => {
		if (started.exitCode === null) {
			started.kill('SIGTERM');
		}
	});
	const exited = new Promise<number | null>((r) => daemon?.once('exit', (code) => r(code)));
	for (let i = 0; i < 300; i++) {
		if (daemon.exitCode !== null) {
			break;
		}
		if (existsSync(socketPath) && (await pings(docker))) {
			return { docker, uri: `unix://${socketPath}` };
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	daemon.kill('SIGTERM');
	await exited;
	daemon = undefined;
	const tail = readFileSync(join(engineDir, 'dockerd.log'), 'utf8').split('\n').slice(-15).join('\n');
	throw new Error(`dockerd did not start; last log lines:\n${tail}`);
}

/** Starts (or joins) the test engine. Pair every call with `releaseDockerEngine()`. */
export async function acquireDockerEngine(): Promise<TestEngine> {
	users++;
	try {
		engine ??= await startDaemon();
	} catch (e) {
		users--;
		throw e;
	}
	return engine;
}

/** Stops the daemon once the last user released it (only if this process started it). */
export async function releaseDockerEngine(): Promise<void> {
	users = Math.max(0, users - 1);
	if (users > 0 || !engine) {
		return;
	}
	engine = undefined;
	const child = daemon;
	daemon = undefined;
	if (child && child.exitCode === null) {
		const exited = new Promise<void>((r) => child.once('exit', () => r()));
		child.kill('SIGTERM');
		const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(killer);
	}
}

/** Makes sure the image is on the engine: builds its rootfs tar if needed (cached), then imports it. */
export async function ensureTestImage(docker: Docker, which: TestImage): Promise<string> {
	const { name, tar } = TEST_IMAGES[which];
	try {
		await docker.getImage(name).inspect();
		return name;
	} catch {
		// not imported yet
	}
	const tarPath = join(cacheDir, 'images', tar);
	if (!existsSync(tarPath)) {
		provision(which);
	}
	const [repo, tag] = name.split(':');
	const stream = await docker.importImage(createReadStream(tarPath), { repo, tag });
	await new Promise<void>((done, fail) => docker.modem.followProgress(stream, (err: Error | null) => (err ? fail(err) : done())));
	await docker.getImage(name).inspect();
	return name;
}

/**
 * For a describe block: the shared test engine with `which` image (a cold machine builds it first:
 * debootstrap takes 40-160 s, depending on the mirror), and the temp folders a test adds to `temps`
 * removed afterwards. Read `docker` and `image` inside the tests.
 */
export function useTestEngine(which: TestImage): { readonly docker: Docker; readonly image: string; readonly temps: string[] } {
	const state = { temps: [] as string[] } as { docker: Docker; image: string; temps: string[] };
	before(async function () {
		this.timeout(900_000);
		state.docker = (await acquireDockerEngine()).docker;
		state.image = await ensureTestImage(state.docker, which);
	});
	after(async () => {
		for (const dir of state.temps) {
			await fsp.rm(dir, { recursive: true, force: true });
		}
		await releaseDockerEngine();
	});
	return state;
}
