import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerSandbox } from '../../../src/core/sandbox/dockerSandbox';
import { HostSandbox } from '../../../src/core/sandbox/hostSandbox';
import { evidenceFileSchema, readEvidence, storeEvidence } from '../../../src/core/verify/evidence';
import { detectStacks } from '../../../src/core/verify/stackDetection';
import { folderFiles } from '../../../src/core/verify/stackTypes';
import { runVerification, toRunRecord } from '../../../src/core/verify/verificationRun';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { useTestEngine } from '../../support/dockerEngine';
import { repoRoot } from '../../support/fixtureCorpus';

const projects = join(repoRoot, 'test', 'fixtures', 'verify', 'projects');

describe('verification run in a real container (node and python projects)', function () {
	this.timeout(300_000);
	const engine = useTestEngine('runtime');

	async function copyProject(name: string): Promise<string> {
		const dir = await fs.mkdtemp(join(tmpdir(), `rampart-verify-${name}-`));
		engine.temps.push(dir);
		await fs.cp(join(projects, name), dir, { recursive: true });
		return dir;
	}

	async function verify(dir: string) {
		const plans = await detectStacks(folderFiles(dir));
		const sandbox = new DockerSandbox({ docker: engine.docker, workspaceRoot: dir, image: engine.image });
		return runVerification({ sandbox, plans, image: engine.image, timeoutsMs: { test: 60_000 } });
	}

	it('verifies a small Node project green and stores the evidence', async () => {
		const dir = await copyProject('node-ok');
		const result = await verify(dir);
		assert.equal(result.status, 'passed', JSON.stringify(result.steps, null, 1));
		assert.deepEqual(
			result.steps.map((s) => `${s.step}:${s.status}`),
			['install:skipped', 'build:passed', 'lint:passed', 'typecheck:skipped', 'test:passed'],
		);
		const test = result.evidence.find((e) => e.step === 'test');
		assert.equal(test?.command, 'npm test');
		assert.equal(test?.exitCode, 0);
		assert.equal(test?.where, 'container');
		assert.match(test?.outputExcerpt ?? '', /pass 1/);
		assert.match(result.evidence.find((e) => e.step === 'build')?.outputExcerpt ?? '', /built dist\/sum\.js/);
		assert.equal(result.steps.find((s) => s.step === 'install')?.reason, 'package.json declares no dependencies');

		await storeEvidence(dir, toRunRecord(result), result.evidence);
		const stored = await readEvidence(dir, result.runId);
		assert.ok(stored && evidenceFileSchema.safeParse(stored).success);
		assert.equal(stored.records.length, 3);
		const runs = await AnalysisStore.forWorkspace(dir).read('runs');
		const run = runs?.runs.find((r) => r.id === result.runId);
		assert.equal(run?.status, 'succeeded');
		assert.match(run?.stages.find((s) => s.name === 'node:test')?.detail ?? '', /npm test → 0 in \d+ ms/);
	});

	it('verifies a small Python project green', async () => {
		const dir = await copyProject('python-ok');
		const result = await verify(dir);
		assert.equal(result.status, 'passed', JSON.stringify(result.steps, null, 1));
		const test = result.evidence.find((e) => e.step === 'test');
		assert.equal(test?.command, 'python3 -m unittest discover -v');
		assert.match(test?.outputExcerpt ?? '', /test_add .* ok/);
		assert.match(test?.outputExcerpt ?? '', /Ran 1 test/);
	});

	it('fails a Node project whose test fails at the test step, keeping the output', async () => {
		const result = await verify(await copyProject('node-broken-test'));
		assert.equal(result.status, 'failed');
		assert.deepEqual(result.failedAt, { stack: 'node', step: 'test' });
		const test = result.evidence.find((e) => e.step === 'test');
		assert.notEqual(test?.exitCode, 0);
		assert.match(test?.outputExcerpt ?? '', /-1/);
		assert.match(test?.outputExcerpt ?? '', /fail 1/);
	});

	it('fails a Python project with a syntax error at the build step and skips the tests', async () => {
		const result = await verify(await copyProject('python-broken-build'));
		assert.deepEqual(result.failedAt, { stack: 'python', step: 'build' });
		assert.match(result.evidence[0]?.outputExcerpt ?? '', /SyntaxError|expected ':'/);
		assert.deepEqual(result.steps.find((s) => s.step === 'test'), { stack: 'python', step: 'test', status: 'skipped', reason: 'build failed' });
	});

	it('fails the network attempt of a test inside the container (the same test passes on the host)', async () => {
		const server: Server = createServer((_, res) => res.end('reached'));
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		try {
			const dir = await copyProject('node-network');
			await fs.writeFile(join(dir, 'port.txt'), String((server.address() as AddressInfo).port));
			const inContainer = await verify(dir);
			assert.deepEqual(inContainer.failedAt, { stack: 'node', step: 'test' });
			assert.match(inContainer.evidence.find((e) => e.step === 'test')?.outputExcerpt ?? '', /ECONNREFUSED|EHOSTUNREACH|ENETUNREACH/);

			const plans = await detectStacks(folderFiles(dir));
			const lines = ['node build.js', 'node lint.js', 'node --test test/'];
			const direct = plans.map((p) => ({
				...p,
				steps: { build: { command: 'node', args: ['build.js'], network: 'none' as const }, lint: { command: 'node', args: ['lint.js'], network: 'none' as const }, test: { command: 'node', args: ['--test', 'test/'], network: 'none' as const } },
			}));
			const onHost = await runVerification({ sandbox: new HostSandbox({ workspaceRoot: dir, approval: { runId: 'net', commands: lines }, path: process.env.PATH }), plans: direct });
			assert.equal(onHost.status, 'passed', JSON.stringify(onHost.evidence, null, 1));
		} finally {
			await new Promise((r) => server.close(r));
		}
	});

	it('kills a step that runs past its time limit and reports it', async () => {
		const dir = await copyProject('python-ok');
		const plans = await detectStacks(folderFiles(dir));
		const slow = plans.map((p) => ({ ...p, steps: { test: { command: 'python3', args: ['-c', 'import time; print("working", flush=True); time.sleep(60)'], network: 'none' as const } } }));
		const result = await runVerification({ sandbox: new DockerSandbox({ docker: engine.docker, workspaceRoot: dir, image: engine.image }), plans: slow, timeoutsMs: { test: 2000 } });
		assert.deepEqual(result.failedAt, { stack: 'python', step: 'test' });
		const test = result.evidence.find((e) => e.step === 'test');
		assert.equal(test?.killedBy, 'timeout');
		assert.equal(test?.reason, 'killed: ran past its time limit');
		assert.match(test?.outputExcerpt ?? '', /working/);
	});
});
