/**
 * code-server (VS Code 1.100 in the browser, from npm) for the end-to-end tests: a cached install
 * outside the repository, and isolated servers on 127.0.0.1 with their own dirs and settings.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const codeServerVersion = '4.100.3';
const repoRoot = join(__dirname, '..', '..');
/** code-server pins @vscode/ripgrep 1.15.11, whose postinstall downloads this asset unless cached. */
const ripgrepCacheDir = 'vscode-ripgrep-cache-1.15.11';
const ripgrepAsset = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
/** The same `rg` binary, shipped inside an npm package. */
const ripgrepBinaryPackage = '@vscode/ripgrep-linux-x64@1.18.0';
const completeMarker = '.rampart-install-complete';

type Log = (line: string) => void;

/** Where installs are cached: $RAMPART_E2E_CACHE, else $XDG_CACHE_HOME or ~/.cache, + rampart-e2e. */
export function cacheRoot(): string {
	return process.env.RAMPART_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rampart-e2e');
}

export function installDir(): string {
	return join(cacheRoot(), `code-server-${codeServerVersion}`);
}

function entryPoint(dir: string): string {
	return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Runs a command to completion; rejects with the tail of its output on failure. */
export function exec(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; log?: Log } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk.toString();
			for (const line of chunk.toString().split('\n').filter((l) => l.trim() !== '')) {
				options.log?.(line);
			}
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) {
				resolve(output);
			} else {
				reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${output.slice(-3000)}`));
			}
		});
	});
}

/** Builds the ripgrep download cache from the npm package so the install needs no GitHub. */
async function seedRipgrepCache(tmp: string, log: Log): Promise<void> {
	const work = join(tmp, 'rg-package');
	mkdirSync(work, { recursive: true });
	const packed = (await exec('npm', ['pack', ripgrepBinaryPackage, '--pack-destination', work, '--silent'], { cwd: work })).trim().split('\n').pop() ?? '';
	await exec('tar', ['xzf', join(work, packed.trim()), '-C', work]);
	const cache = join(tmp, ripgrepCacheDir);
	mkdirSync(cache, { recursive: true });
	await exec('tar', ['czf', join(cache, ripgrepAsset), '-C', join(work, 'package', 'bin'), 'rg']);
	log(`ripgrep cache seeded from ${ripgrepBinaryPackage}`);
}

/** Installs code-server into the cache (once; a half-finished install is redone). Returns entry.js. */
export async function ensureCodeServer(log: Log = () => undefined): Promise<string> {
	const dir = installDir();
	if (existsSync(join(dir, completeMarker)) && existsSync(entryPoint(dir))) {
		return entryPoint(dir);
	}
	const started = Date.now();
	log(`installing code-server@${codeServerVersion} into ${dir} (first run only, ~1 min)`);
	await exec(process.execPath, [join(repoRoot, 'test', 'tools', 'provision.mjs'), 'code-server'], { log });
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify({ name: 'rampart-e2e-code-server', private: true, dependencies: { 'code-server': codeServerVersion } }, null, 2),
	);
	const tmp = join(dir, '.tmp');
	await seedRipgrepCache(tmp, log);
	const env: NodeJS.ProcessEnv = { TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false' };
	for (const [key, value] of Object.entries(process.env)) {
		// Keep the caller's npm settings (registry, cache) but not the variables `npm run` sets for its package.
		if (!key.startsWith('npm_package_') && !key.startsWith('npm_lifecycle_') && !(key in env)) {
			env[key] = value;
		}
	}
	await exec('npm', ['install', '--no-package-lock', '--omit=dev'], { cwd: dir, env, log: (line) => log(`  npm: ${line}`) });
	if (!existsSync(entryPoint(dir))) {
		throw new Error(`code-server installed but ${entryPoint(dir)} is missing`);
	}
	rmSync(tmp, { recursive: true, force: true });
	writeFileSync(join(dir, completeMarker), `${codeServerVersion}\n`);
	log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return entryPoint(dir);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** User settings every session starts with: no welcome page, telemetry, updates or trust prompts. */
const seededSettings = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoUpdate': false,
	'extensions.autoCheckUpdates': false,
	'extensions.ignoreRecommendations': true,
	'security.workspace.trust.enabled': false,
	'git.enabled': false,
};

export interface CodeServerOptions {
	/** code-server's output goes here (appended). */
	readonly logFile?: string;
	readonly log?: Log;
}

/** One isolated code-server: its own config, user data, extensions and XDG dirs in a temp folder. */
export class CodeServer {
	private child: ChildProcess | undefined;
	private portNumber = 0;

	private constructor(
		private readonly entry: string,
		readonly root: string,
		private readonly options: CodeServerOptions,
	) {}

	static async create(options: CodeServerOptions = {}): Promise<CodeServer> {
		const entry = await ensureCodeServer(options.log);
		const root = mkdtempSync(join(tmpdir(), 'rampart-code-server-'));
		for (const sub of ['user-data/User', 'extensions', 'xdg/config', 'xdg/data', 'xdg/cache']) {
			mkdirSync(join(root, sub), { recursive: true });
		}
		writeFileSync(join(root, 'user-data', 'User', 'settings.json'), JSON.stringify(seededSettings, null, 2));
		writeFileSync(join(root, 'config.yaml'), 'auth: none\ncert: false\n');
		return new CodeServer(entry, root, options);
	}

	get port(): number {
		return this.portNumber;
	}

	get url(): string {
		return `http://127.0.0.1:${this.portNumber}`;
	}

	get extensionsDir(): string {
		return join(this.root, 'extensions');
	}

	private commonArgs(): string[] {
		return ['--config', join(this.root, 'config.yaml'), '--user-data-dir', join(this.root, 'user-data'), '--extensions-dir', this.extensionsDir];
	}

	private env(): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {
			...process.env,
			EXTENSIONS_GALLERY: '{}',
			XDG_CONFIG_HOME: join(this.root, 'xdg', 'config'),
			XDG_DATA_HOME: join(this.root, 'xdg', 'data'),
			XDG_CACHE_HOME: join(this.root, 'xdg', 'cache'),
		};
		delete env.PASSWORD;
		delete env.HASHED_PASSWORD;
		delete env.VSCODE_IPC_HOOK_CLI;
		return env;
	}

	/** Installs a VSIX into this server's extensions dir; returns the installed extension's folder. */
	async installExtension(vsixPath: string, extensionId: string): Promise<string> {
		await exec(process.execPath, [this.entry, ...this.commonArgs(), '--install-extension', vsixPath], { env: this.env(), log: this.options.log });
		const folder = readdirSync(this.extensionsDir).find((name) => name.toLowerCase().startsWith(`${extensionId.toLowerCase()}-`));
		if (!folder) {
			throw new Error(`${extensionId} is not in ${this.extensionsDir} after --install-extension`);
		}
		return join(this.extensionsDir, folder);
	}

	/** Starts the server on a free port of 127.0.0.1 and waits until /healthz answers. */
	async start(timeoutMs = 30_000): Promise<void> {
		if (this.child) {
			throw new Error('code-server already started');
		}
		this.portNumber = await freePort();
		const args = [
			this.entry,
			...this.commonArgs(),
			'--bind-addr', `127.0.0.1:${this.portNumber}`,
			'--auth', 'none',
			'--disable-telemetry',
			'--disable-update-check',
			'--disable-workspace-trust',
			'--disable-getting-started-override',
			'--ignore-last-opened',
		];
		const child = spawn(process.execPath, args, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		this.child = child;
		if (this.options.logFile) {
			const out = createWriteStream(this.options.logFile, { flags: 'a' });
			child.stdout?.pipe(out);
			child.stderr?.pipe(out);
		} else {
			child.stdout?.resume();
			child.stderr?.resume();
		}
		let exited: string | undefined;
		child.on('exit', (code, signal) => (exited = `code-server exited (${code ?? signal})`));
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (exited) {
				throw new Error(`${exited} before it was ready; see ${this.options.logFile ?? 'its output'}`);
			}
			try {
				const response = await fetch(`${this.url}/healthz`);
				if (response.ok) {
					return;
				}
			} catch {
				// Not listening yet.
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
	}

	/** Kills the server's whole process group at once (for signal handlers). */
	killSync(): void {
		const pid = this.child?.pid;
		if (pid !== undefined && pid > 0 && this.child?.exitCode === null && this.child.signalCode === null) {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
	}

	/** Stops the server (SIGTERM to its process group, SIGKILL after 5 s). */
	async stop(): Promise<void> {
		const child = this.child;
		this.child = undefined;
		const pid = child?.pid;
		if (!child || pid === undefined || pid <= 0 || child.exitCode !== null || child.signalCode !== null) {
			return;
		}
		const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		try {
			process.kill(-pid, 'SIGTERM');
		} catch {
			return;
		}
		const timer = setTimeout(() => {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}, 5_000);
		await gone;
		clearTimeout(timer);
	}

	/** Stops the server and removes its temporary folder. */
	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.root, { recursive: true, force: true });
	}
}
