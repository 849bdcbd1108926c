import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerOptions, discoverEngine, noEngineMessage } from '../../../src/core/sandbox/engineDiscovery';
import { selectSandbox } from '../../../src/core/sandbox/selectSandbox';
import { acquireDockerEngine, ensureTestImage, releaseDockerEngine } from '../../support/dockerEngine';

describe('engine discovery and sandbox choice', function () {
	this.timeout(120_000);
	let uri: string;
	let workspace: string;
	const nowhere = `unix://${join(tmpdir(), 'rampart-no-engine-here.sock')}`;

	before(async () => {
		const engine = await acquireDockerEngine();
		uri = engine.uri;
		await ensureTestImage(engine.docker, 'busybox');
		workspace = await fs.mkdtemp(join(tmpdir(), 'rampart-discovery-'));
	});

	after(async () => {
		await fs.rm(workspace, { recursive: true, force: true });
		await releaseDockerEngine();
	});

	it('turns engine URIs into dockerode options', () => {
		assert.deepEqual(dockerOptions('unix:///run/x.sock'), { socketPath: '/run/x.sock' });
		assert.deepEqual(dockerOptions('tcp://build-host:2375'), { protocol: 'http', host: 'build-host', port: 2375 });
		assert.deepEqual(dockerOptions('https://build-host'), { protocol: 'https', host: 'build-host', port: 2376 });
		assert.deepEqual(dockerOptions('npipe:////./pipe/docker_engine'), { socketPath: '//./pipe/docker_engine' });
	});

	it('finds the engine named by DOCKER_HOST and reports its version', async () => {
		const found = await discoverEngine({ env: { DOCKER_HOST: uri } });
		assert.ok(found.engine, JSON.stringify(found.tried));
		assert.equal(found.engine.location.source, 'DOCKER_HOST');
		assert.match(found.engine.version, /^\d+\.\d+/);
		assert.ok(await found.engine.docker.ping());
	});

	it('prefers the setting over DOCKER_HOST and does not fall back from an explicit choice', async () => {
		const viaSetting = await discoverEngine({ setting: uri, env: { DOCKER_HOST: nowhere } });
		assert.equal(viaSetting.engine?.location.source, 'setting');
		const broken = await discoverEngine({ setting: nowhere, env: {} });
		assert.equal(broken.engine, undefined);
		assert.deepEqual(broken.tried.map((t) => t.location.uri), [nowhere]);
	});

	it('says what it tried and how to start an engine when none answers', async () => {
		const result = await discoverEngine({ env: { DOCKER_HOST: nowhere } });
		assert.equal(result.engine, undefined);
		const message = noEngineMessage(result);
		assert.match(message, /No container engine is reachable/);
		assert.ok(message.includes(nowhere));
		assert.match(message, /To start one/);
		assert.match(message, /DOCKER_HOST/);
	});

	it('refuses to run on the host without an approval naming the commands', async () => {
		const refused = await selectSandbox({ workspaceRoot: workspace, image: 'rampart-test/busybox:v1', env: { DOCKER_HOST: nowhere } });
		assert.equal(refused.ok, false);
		assert.match(refused.ok ? '' : refused.reason, /To start one/);
		const emptyApproval = await selectSandbox({
			workspaceRoot: workspace,
			image: 'rampart-test/busybox:v1',
			env: { DOCKER_HOST: nowhere },
			hostApproval: { runId: 'r1', commands: [] },
		});
		assert.equal(emptyApproval.ok, false);
	});

	it('uses the host only with an approval, and then only for the approved command lines', async () => {
		const chosen = await selectSandbox({
			workspaceRoot: workspace,
			image: 'rampart-test/busybox:v1',
			env: { DOCKER_HOST: nowhere },
			hostApproval: { runId: 'r2', commands: ['echo approved'] },
		});
		assert.ok(chosen.ok);
		assert.equal(chosen.sandbox.kind, 'host');
		const ran = await chosen.sandbox.run({ command: 'echo', args: ['approved'], cwd: '', timeoutMs: 5000, network: 'none' });
		assert.equal(ran.stdout, 'approved\n');
		assert.equal(ran.where, 'host');
		await assert.rejects(chosen.sandbox.run({ command: 'echo', args: ['other'], cwd: '', timeoutMs: 5000, network: 'none' }), /Not approved/);
	});

	it('picks the container engine when one answers, even with a host approval', async () => {
		const chosen = await selectSandbox({
			workspaceRoot: workspace,
			image: 'rampart-test/busybox:v1',
			env: { DOCKER_HOST: uri },
			hostApproval: { runId: 'r3', commands: ['echo approved'] },
		});
		assert.ok(chosen.ok);
		assert.equal(chosen.sandbox.kind, 'docker');
		const ran = await chosen.sandbox.run({ command: 'cat', args: ['/proc/1/cgroup'], cwd: '', timeoutMs: 20_000, network: 'none' });
		assert.equal(ran.where, 'container');
		assert.equal(ran.exitCode, 0);
	});
});
