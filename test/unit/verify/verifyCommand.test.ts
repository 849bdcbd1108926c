import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseVerifyArgs, verifyCommand } from '../../../src/cli/verifyCommand';
import type { Io } from '../../../src/cli/scanCommand';
import { readEvidence } from '../../../src/core/verify/evidence';
import { acquireDockerEngine, ensureTestImage, releaseDockerEngine } from '../../support/dockerEngine';
import { repoRoot } from '../../support/fixtureCorpus';

const fixtures = join(repoRoot, 'test', 'fixtures', 'verify');

function io(cwd: string, env: NodeJS.ProcessEnv): { io: Io; out: () => string; err: () => string } {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', (d: Buffer) => (out += d.toString()));
	stderr.on('data', (d: Buffer) => (err += d.toString()));
	return { io: { stdout, stderr, cwd, env }, out: () => out, err: () => err };
}

describe('rampart verify (CLI, real container engine)', function () {
	this.timeout(300_000);
	let uri: string;
	let image: string;
	const temps: string[] = [];
	const nowhere = `unix://${join(tmpdir(), 'rampart-no-engine-here.sock')}`;

	async function copy(from: string): Promise<string> {
		const dir = await fs.mkdtemp(join(tmpdir(), 'rampart-verify-cli-'));
		temps.push(dir);
		await fs.cp(join(fixtures, from), dir, { recursive: true });
		return dir;
	}

	before(async function () {
		// A cold machine builds the runtime image here first (debootstrap: 40-160 s, depending on the mirror).
		this.timeout(900_000);
		const engine = await acquireDockerEngine();
		uri = engine.uri;
		image = await ensureTestImage(engine.docker, 'runtime');
	});
	after(async () => {
		for (const dir of temps) {
			await fs.rm(dir, { recursive: true, force: true });
		}
		await releaseDockerEngine();
	});

	it('parses its arguments and rejects bad ones', () => {
		assert.deepEqual(parseVerifyArgs(['proj', '--format', 'sarif', '--approve-host', 'npm test', '--approve-host', 'npm run build']), {
			dir: 'proj',
			format: 'sarif',
			allowNetwork: false,
			approveHost: ['npm test', 'npm run build'],
			store: true,
			probes: false,
			port: 3000,
			help: false,
		});
		assert.throws(() => parseVerifyArgs(['--format', 'xml']), /unknown format/);
		assert.throws(() => parseVerifyArgs(['a', 'b']), /unexpected argument 'b'/);
		assert.throws(() => parseVerifyArgs(['--contract']), /needs a value/);
	});

	it('verifies a green Node project: exit 0, JSON report, evidence stored', async () => {
		const dir = await copy('projects/node-ok');
		const run = io(dir, { DOCKER_HOST: uri });
		const code = await verifyCommand(['--image', image, '--format', 'json'], run.io, 'test');
		assert.equal(code, 0, run.err() + run.out());
		const report = JSON.parse(run.out()) as { contract: { outcome: string; gates: { id: string; outcome: string }[] }; verification: { runId: string } };
		assert.equal(report.contract.outcome, 'success');
		assert.deepEqual(
			report.contract.gates.map((g) => `${g.id}:${g.outcome}`),
			['build:success', 'tests:success', 'sast:success', 'deps:skipped'],
		);
		const evidence = await readEvidence(dir, report.verification.runId);
		assert.deepEqual(evidence?.records.map((r) => `${r.step}:${r.exitCode}`), ['build:0', 'lint:0', 'test:0']);
	});

	it('fails a Python project that does not build: exit 1, the failing step and its output in the text report', async () => {
		const dir = await copy('projects/python-broken-build');
		const run = io(dir, { DOCKER_HOST: uri });
		const code = await verifyCommand(['.', '--image', image, '--no-store'], run.io, 'test');
		assert.equal(code, 1, run.err());
		assert.match(run.out(), /FAIL python build: python3 -m compileall/);
		assert.match(run.out(), /\| .*SyntaxError|\| .*expected ':'/);
		assert.match(run.out(), /SKIP python test: build failed/);
		assert.match(run.out(), /Outcome: HARD FAIL \(failed: build\)/);
		assert.doesNotMatch(run.out(), /Evidence:/);
		await assert.rejects(fs.access(join(dir, '.rampart')), '--no-store writes nothing');
	});

	it('reports a YAML contract\'s policy violations as SARIF with exit 1', async () => {
		const dir = await copy('contracts/policy-violations');
		const run = io(dir, { DOCKER_HOST: uri });
		const code = await verifyCommand(['--image', image, '--contract', join(fixtures, 'contracts', 'contract.yaml'), '--format', 'sarif'], run.io, 'test');
		assert.equal(code, 1, run.err());
		const sarif = JSON.parse(run.out()) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
		assert.equal(sarif.version, '2.1.0');
		const found = sarif.runs[0]?.results.map((r) => `${r.ruleId} ${r.locations[0]?.physicalLocation.artifactLocation.uri}:${r.locations[0]?.physicalLocation.region?.startLine ?? '-'}`).sort();
		assert.deepEqual(found, [
			'policy/forbidden-api src/run.js:5',
			'policy/forbidden-api src/run.js:5',
			'policy/forbidden-api src/run.js:5',
			'policy/forbidden-package package.json:-',
		]);
	});

	it('--probes: starts the app, probes the threat model\'s endpoints, fails on the threats it proves', async () => {
		const dir = await copy('probes/app-vulnerable');
		await fs.mkdir(join(dir, '.rampart'));
		await fs.copyFile(join(fixtures, 'probes', 'threat-model.json'), join(dir, '.rampart', 'threat-model.json'));
		const run = io(dir, { DOCKER_HOST: uri });
		const code = await verifyCommand(['--image', image, '--probes'], run.io, 'test');
		assert.equal(code, 1, run.err() + run.out());
		assert.match(run.out(), /FAIL T-1 failed: .*content of \/etc\/passwd/);
		assert.match(run.out(), /FAIL T-2 failed: .*without valid credentials/);
		assert.match(run.out(), /SKIP T-5 unverified: no probe reaches/);
		assert.match(run.out(), /Outcome: HARD FAIL \(.*threats failed their probes: T-1, T-2, T-3, T-4\)/);
		const runId = /Evidence: \.rampart\/evidence\/(.+)\.json/.exec(run.out())?.[1] ?? '';
		const stored = await readEvidence(dir, runId);
		assert.equal(stored?.verdicts?.length, 5);
		assert.ok(stored?.records.some((r) => r.step === 'probe:path_traversal' && r.status === 'failed'));

		const hardened = await copy('probes/app-hardened');
		await fs.mkdir(join(hardened, '.rampart'));
		await fs.copyFile(join(fixtures, 'probes', 'threat-model.json'), join(hardened, '.rampart', 'threat-model.json'));
		const good = io(hardened, { DOCKER_HOST: uri });
		assert.equal(await verifyCommand(['--image', image, '--probes', '--no-store'], good.io, 'test'), 0, good.out());
		assert.match(good.out(), /PASS T-3 verified/);
	});

	it('exit 3 when nothing could be checked (no stack, no source)', async () => {
		const dir = await fs.mkdtemp(join(tmpdir(), 'rampart-verify-empty-'));
		temps.push(dir);
		await fs.writeFile(join(dir, 'README.md'), 'nothing to verify\n');
		const run = io(dir, { DOCKER_HOST: uri });
		assert.equal(await verifyCommand(['--image', image, '--no-store'], run.io, 'test'), 3, run.out());
		assert.match(run.out(), /Outcome: SKIPPED/);
	});

	it('refuses to run without an engine unless the host commands are approved, and says how to start one', async () => {
		const dir = await copy('projects/node-ok');
		const refused = io(dir, { DOCKER_HOST: nowhere });
		assert.equal(await verifyCommand(['--no-store'], refused.io, 'test'), 2);
		assert.match(refused.err(), /No container engine is reachable/);
		assert.match(refused.err(), /To start one/);
		assert.equal(refused.out(), '');
		assert.match(refused.err(), /--approve-host 'npm run build'\n {2}--approve-host 'npm run lint'\n {2}--approve-host 'npm test'/);
		await assert.rejects(fs.access(join(dir, 'dist')), 'nothing ran: the build output does not exist');

		const approved = io(dir, { DOCKER_HOST: nowhere });
		const code = await verifyCommand(['--no-store', '--approve-host', 'npm run build', '--approve-host', 'npm run lint'], approved.io, 'test');
		assert.match(approved.out(), /commands ran: on this machine, approved for run cli: npm run build; npm run lint/);
		assert.match(approved.out(), /PASS node build: npm run build → 0/);
		assert.match(approved.out(), /FAIL node test: npm test → null .*Not approved|FAIL node test: .*Not approved/);
		assert.equal(code, 1);
	});
});
