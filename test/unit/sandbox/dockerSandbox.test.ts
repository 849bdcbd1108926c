import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { DockerSandbox } from '../../../src/core/sandbox/dockerSandbox';
import { DEFAULT_ENV_ALLOW_LIST } from '../../../src/core/sandbox/outputCap';
import type { SandboxCommand } from '../../../src/core/sandbox/sandboxPort';
import { acquireDockerEngine, ensureTestImage, releaseDockerEngine } from '../../support/dockerEngine';

describe('DockerSandbox (real Docker engine)', function () {
	this.timeout(180_000);
	let docker: Docker;
	let image: string;
	let workspace: string;
	let sandbox: DockerSandbox;

	const cmd = (command: string, args: string[], extra: Partial<SandboxCommand> = {}): SandboxCommand => ({
		command,
		args,
		cwd: '',
		timeoutMs: 20_000,
		network: 'none',
		...extra,
	});

	async function sandboxContainers(): Promise<number> {
		const list = await docker.listContainers({ all: true, filters: { label: ['dev.rampart.sandbox=1'] } });
		return list.length;
	}

	before(async () => {
		docker = (await acquireDockerEngine()).docker;
		image = await ensureTestImage(docker, 'busybox');
		workspace = await fs.mkdtemp(join(tmpdir(), 'rampart-sandbox-'));
		await fs.mkdir(join(workspace, 'sub'));
		await fs.writeFile(join(workspace, 'sub', 'hello.txt'), 'hello from the workspace\n');
		sandbox = new DockerSandbox({ docker, workspaceRoot: workspace, image });
	});

	after(async () => {
		await fs.rm(workspace, { recursive: true, force: true });
		await releaseDockerEngine();
	});

	it('is available and names a missing image otherwise', async () => {
		assert.deepEqual(await sandbox.available(), { ok: true });
		const missing = await new DockerSandbox({ docker, workspaceRoot: workspace, image: 'rampart-test/absent:none' }).available();
		assert.equal(missing.ok, false);
		assert.match(missing.reason ?? '', /rampart-test\/absent:none/);
	});

	it('runs a command in the mounted workspace, streams its output and keeps the exit code', async () => {
		const streamed: string[] = [];
		const result = await sandbox.run(
			cmd('sh', ['-c', 'cat hello.txt; echo oops >&2; echo written > out.txt; exit 3'], {
				cwd: 'sub',
				onOutput: (chunk, stream) => streamed.push(`${stream}:${chunk}`),
			}),
		);
		assert.equal(result.where, 'container');
		assert.equal(result.exitCode, 3);
		assert.equal(result.killedBy, undefined);
		assert.equal(result.stdout, 'hello from the workspace\n');
		assert.equal(result.stderr, 'oops\n');
		assert.ok(streamed.some((s) => s.startsWith('stdout:hello')));
		assert.equal(await fs.readFile(join(workspace, 'sub', 'out.txt'), 'utf8'), 'written\n');
		assert.equal(await sandboxContainers(), 0, 'the container is removed afterwards');
	});

	it('passes arguments without a shell', async () => {
		const result = await sandbox.run(cmd('echo', ['$HOME;', '`id`', 'a b']));
		assert.equal(result.stdout, '$HOME; `id` a b\n');
	});

	it('refuses a working folder outside the workspace', async () => {
		await assert.rejects(sandbox.run(cmd('true', [], { cwd: '../..' })), /leaves the workspace/);
	});

	it('has no network unless the step allows it: a loopback server is unreachable, with host networking it is reached', async () => {
		const server: Server = createServer((_, res) => res.end('secret page'));
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
		try {
			const offline = await sandbox.run(cmd('wget', ['-q', '-O', '-', url], { timeoutMs: 10_000 }));
			assert.notEqual(offline.exitCode, 0);
			assert.doesNotMatch(offline.stdout, /secret page/);
			const links = await sandbox.run(cmd('cat', ['/proc/net/dev']));
			const interfaces = links.stdout.split('\n').slice(2).filter(Boolean).map((l) => l.split(':')[0]?.trim());
			assert.deepEqual(interfaces, ['lo'], 'only the loopback interface exists');
			// The same command where the step allows network (host mode keeps traffic on loopback).
			const hostNet = new DockerSandbox({ docker, workspaceRoot: workspace, image, allowedNetworkMode: 'host' });
			const online = await hostNet.run(cmd('wget', ['-q', '-O', '-', url], { network: 'allowed', timeoutMs: 10_000 }));
			assert.equal(online.exitCode, 0, online.stderr);
			assert.equal(online.stdout, 'secret page');
		} finally {
			await new Promise((r) => server.close(r));
		}
	});

	it('kills a command that runs past its time limit and reports it', async () => {
		const result = await sandbox.run(cmd('sh', ['-c', 'echo started; sleep 60; echo never'], { timeoutMs: 1500 }));
		assert.equal(result.killedBy, 'timeout');
		assert.equal(result.exitCode, null);
		assert.match(result.stdout, /started/);
		assert.doesNotMatch(result.stdout, /never/);
		assert.ok(result.durationMs < 20_000, `took ${result.durationMs} ms`);
		assert.equal(await sandboxContainers(), 0);
	});

	it('stops a command when its run is cancelled', async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 1000);
		const result = await sandbox.run(cmd('sleep', ['60'], { signal: controller.signal }));
		assert.equal(result.killedBy, 'cancelled');
		assert.equal(await sandboxContainers(), 0);
	});

	it('lets only allow-listed variables into the container (env printed inside)', async () => {
		process.env.RAMPART_TEST_HOST_SECRET = 'host-secret-value';
		try {
			const result = await sandbox.run(
				cmd('env', [], { env: { CI: 'true', OPENAI_API_KEY: 'sk-should-not-pass', AWS_SECRET_ACCESS_KEY: 'nope', LANG: 'C.UTF-8' } }),
			);
			assert.equal(result.exitCode, 0);
			const names = result.stdout.split('\n').filter(Boolean).map((l) => l.slice(0, l.indexOf('=')));
			assert.deepEqual(names.sort(), ['CI', 'HOME', 'HOSTNAME', 'LANG', 'PATH']);
			for (const name of names) {
				assert.ok(DEFAULT_ENV_ALLOW_LIST.includes(name) || name === 'HOSTNAME', `${name} is not allow-listed`);
			}
			assert.doesNotMatch(result.stdout, /sk-should-not-pass|host-secret-value|nope/);
		} finally {
			delete process.env.RAMPART_TEST_HOST_SECRET;
		}
	});

	it('enforces the process limit', async () => {
		const limited = new DockerSandbox({ docker, workspaceRoot: workspace, image, limits: { pids: 8 } });
		const result = await limited.run(cmd('sh', ['-c', 'for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 5 & done; wait']));
		assert.notEqual(result.exitCode, 0);
		assert.match(result.stderr, /fork|resource/i);
	});

	it('caps kept output to its head and tail and says so', async () => {
		const capped = new DockerSandbox({ docker, workspaceRoot: workspace, image, outputCap: 1000 });
		const result = await capped.run(cmd('sh', ['-c', 'echo FIRST; yes line | head -n 20000; echo LAST']));
		assert.equal(result.truncated, true);
		assert.ok(result.stdout.length < 1200, `kept ${result.stdout.length} characters`);
		assert.match(result.stdout, /^FIRST/);
		assert.match(result.stdout, /LAST\n$/);
		assert.match(result.stdout, /characters dropped/);
	});
});

describe('DockerSandbox: a program missing from the image', function () {
	this.timeout(120_000);
	it('reports exit 127 with the reason, like a shell', async () => {
		const { docker } = await acquireDockerEngine();
		try {
			const image = await ensureTestImage(docker, 'busybox');
			const workspace = await fs.mkdtemp(join(tmpdir(), 'rampart-sandbox-'));
			const result = await new DockerSandbox({ docker, workspaceRoot: workspace, image }).run({ command: 'pip-audit', args: ['--version'], cwd: '', timeoutMs: 20_000, network: 'none' });
			await fs.rm(workspace, { recursive: true, force: true });
			assert.equal(result.exitCode, 127);
			assert.match(result.stderr, /pip-audit: not found in the image/);
			const left = await docker.listContainers({ all: true, filters: { label: ['dev.rampart.sandbox=1'] } });
			assert.equal(left.length, 0);
		} finally {
			await releaseDockerEngine();
		}
	});
});
