// The interactive agent's sandbox: chosen on first use from the engine setting, a command runs in a
// container of the real test engine; with no engine every command is refused with how to start one,
// and the choice is made again later (an engine started meanwhile is picked up).
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceSandbox } from '../../../src/core/sandbox/workspaceSandbox';
import { acquireDockerEngine, ensureTestImage, releaseDockerEngine } from '../../support/dockerEngine';

describe('workspace sandbox for the interactive agent', function () {
	this.timeout(120_000);
	let uri: string;
	let image: string;
	let root: string;
	const nowhere = `unix://${join(tmpdir(), 'rampart-no-engine-here.sock')}`;

	before(async () => {
		const engine = await acquireDockerEngine();
		uri = engine.uri;
		image = await ensureTestImage(engine.docker, 'busybox');
		root = await fs.mkdtemp(join(tmpdir(), 'rampart-ws-sandbox-'));
		await fs.writeFile(join(root, 'note.txt'), 'inside the workspace\n');
	});

	after(async () => {
		await fs.rm(root, { recursive: true, force: true });
		await releaseDockerEngine();
	});

	it('runs a command in a container of the configured engine, with the workspace mounted', async () => {
		const sandbox = workspaceSandbox({ root, dockerHost: uri, image });
		assert.deepEqual(await sandbox.available(), { ok: true });
		const result = await sandbox.run({ command: 'cat', args: ['note.txt'], cwd: '', timeoutMs: 30_000, network: 'none' });
		assert.equal(result.where, 'container');
		assert.equal(result.exitCode, 0);
		assert.equal(result.stdout, 'inside the workspace\n');
	});

	it('refuses with how to start an engine when none answers, and looks again next time', async () => {
		let host = nowhere;
		const sandbox = workspaceSandbox({ root, get dockerHost() {
			return host;
		}, image });
		const first = await sandbox.available();
		assert.equal(first.ok, false);
		assert.match(first.reason ?? '', /start/i);
		await assert.rejects(sandbox.run({ command: 'true', args: [], cwd: '', timeoutMs: 5000, network: 'none' }), /start/i);
		host = uri;
		assert.deepEqual(await sandbox.available(), { ok: true }, 'an engine that answers now is used');
	});
});
