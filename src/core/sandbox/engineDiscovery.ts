// Finds a Docker Engine API endpoint: an explicit setting first, then DOCKER_HOST, then the standard
// sockets. A remote engine (tcp://host:port) is used exactly like a local one. Nothing here starts
// an engine; when none answers, `noEngineMessage` tells the user how to start one.
import { promises as fs } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';

export interface EngineLocation {
	/** Where the location came from, for messages. */
	source: 'setting' | 'DOCKER_HOST' | 'standard socket';
	/** `unix:///path`, `npipe:////./pipe/name`, `tcp://host:port` or `http(s)://host:port`. */
	uri: string;
}

export interface DiscoveredEngine {
	location: EngineLocation;
	docker: Docker;
	/** Engine version, as the engine reports it. */
	version: string;
	apiVersion: string;
}

export interface DiscoveryOptions {
	/** `rampart.verify.dockerHost` (or `--docker-host`): wins over everything else. */
	setting?: string;
	/** Defaults to process.env; tests pass their own. */
	env?: Readonly<Record<string, string | undefined>>;
	/** How long one candidate may take to answer a ping. */
	pingTimeoutMs?: number;
}

export interface DiscoveryResult {
	engine?: DiscoveredEngine;
	/** Every candidate tried and why it failed, in order. */
	tried: { location: EngineLocation; error: string }[];
}

/** The sockets Docker Engine, Docker Desktop, rootless Docker, Colima and Podman listen on by default. */
export function standardSockets(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
	if (platform() === 'win32') {
		return ['npipe:////./pipe/docker_engine', 'npipe:////./pipe/podman-machine-default'];
	}
	const home = homedir();
	const runtimeDir = env.XDG_RUNTIME_DIR;
	const sockets = [
		'/var/run/docker.sock',
		join(home, '.docker', 'run', 'docker.sock'),
		join(home, '.docker', 'desktop', 'docker.sock'),
		join(home, '.colima', 'default', 'docker.sock'),
		...(runtimeDir ? [join(runtimeDir, 'docker.sock'), join(runtimeDir, 'podman', 'podman.sock')] : []),
		'/run/podman/podman.sock',
	];
	return sockets.map((s) => `unix://${s}`);
}

/** dockerode options for one engine URI. */
export function dockerOptions(uri: string): Docker.DockerOptions {
	if (uri.startsWith('unix://')) {
		return { socketPath: uri.slice('unix://'.length) };
	}
	if (uri.startsWith('npipe://')) {
		return { socketPath: uri.slice('npipe://'.length) };
	}
	const url = new URL(uri.replace(/^tcp:/, 'http:'));
	const protocol = url.protocol === 'https:' ? 'https' : 'http';
	return { protocol, host: url.hostname, port: Number(url.port || (protocol === 'https' ? 2376 : 2375)) };
}

async function socketExists(uri: string): Promise<boolean> {
	if (!uri.startsWith('unix://')) {
		return true;
	}
	try {
		const stat = await fs.stat(uri.slice('unix://'.length));
		return stat.isSocket();
	} catch {
		return false;
	}
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Pings one engine; resolves to the engine or rejects with the reason. */
export async function connectEngine(location: EngineLocation, pingTimeoutMs = 3000): Promise<DiscoveredEngine> {
	if (!(await socketExists(location.uri))) {
		throw new Error('no socket there');
	}
	const docker = new Docker({ ...dockerOptions(location.uri), timeout: pingTimeoutMs });
	const info = await withTimeout(docker.version(), pingTimeoutMs, location.uri);
	// Later calls (long builds and runs) must not inherit the short ping timeout.
	const lasting = new Docker(dockerOptions(location.uri));
	return { location, docker: lasting, version: info.Version, apiVersion: info.ApiVersion };
}

/** Tries the setting, DOCKER_HOST and the standard sockets in that order; the first that answers wins. */
export async function discoverEngine(options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
	const env = options.env ?? process.env;
	const candidates: EngineLocation[] = [];
	if (options.setting) {
		candidates.push({ source: 'setting', uri: options.setting });
	}
	if (env.DOCKER_HOST) {
		candidates.push({ source: 'DOCKER_HOST', uri: env.DOCKER_HOST });
	}
	// An explicit choice is final: falling back to another engine would surprise the user.
	if (candidates.length === 0) {
		for (const uri of standardSockets(env)) {
			candidates.push({ source: 'standard socket', uri });
		}
	}
	const tried: DiscoveryResult['tried'] = [];
	for (const location of candidates) {
		try {
			return { engine: await connectEngine(location, options.pingTimeoutMs), tried };
		} catch (e) {
			tried.push({ location, error: e instanceof Error ? e.message : String(e) });
		}
	}
	return { tried };
}

/** What to tell the user when no engine answered: what was tried and how to start one. */
export function noEngineMessage(result: DiscoveryResult): string {
	const lines = ['No container engine is reachable, so Rampart will not run the verification commands.'];
	if (result.tried.length > 0) {
		lines.push('Tried:');
		for (const t of result.tried) {
			lines.push(`  - ${t.location.uri} (${t.location.source}): ${t.error}`);
		}
	}
	lines.push(
		'To start one:',
		'  - Linux: install Docker Engine (Debian/Ubuntu: `sudo apt-get install docker.io`), then `sudo systemctl start docker`',
		'    and add yourself to the `docker` group; or rootless Docker / `systemctl --user start podman.socket`.',
		'  - macOS / Windows: start Docker Desktop, Colima (`colima start`) or Podman (`podman machine start`).',
		'  - A remote engine: set DOCKER_HOST (e.g. tcp://build-host:2376) or the `rampart.verify.dockerHost` setting.',
		'Running the commands on this machine instead needs your explicit approval for this run, naming each command.',
	);
	return lines.join('\n');
}
