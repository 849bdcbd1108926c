import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerSandbox } from '../../../src/core/sandbox/dockerSandbox';
import { readEvidence, storeEvidence } from '../../../src/core/verify/evidence';
import { threatModelSchema } from '../../../src/core/store/schemas';
import { authProbe } from '../../../src/core/verify/probes/authBypass';
import { oversizedBodyProbe } from '../../../src/core/verify/probes/oversizedBody';
import { pathTraversalProbe } from '../../../src/core/verify/probes/pathTraversal';
import { endpointsOf, runProbes, threatVerdicts } from '../../../src/core/verify/probes/probeRun';
import { detectStacks } from '../../../src/core/verify/stackDetection';
import { folderFiles } from '../../../src/core/verify/stackTypes';
import { useTestEngine } from '../../support/dockerEngine';
import { repoRoot } from '../../support/fixtureCorpus';

const fixtures = join(repoRoot, 'test', 'fixtures', 'verify', 'probes');
const model = threatModelSchema.parse(JSON.parse(readFileSync(join(fixtures, 'threat-model.json'), 'utf8')));

describe('adversarial probes', () => {
	it('takes HTTP endpoints from the threat model\'s entry interfaces', () => {
		assert.deepEqual(
			endpointsOf(model).map((e) => `${e.method} ${e.path} ${e.exposure}`),
			['GET /files?name=index.txt public', 'GET /admin authenticated', 'GET /lookup?host=localhost public', 'POST /api/items public'],
		);
	});

	it('builds requests per kind and judges answers', () => {
		let n = 0;
		const id = (): string => `r${++n}`;
		const traversal = pathTraversalProbe.requests({ method: 'GET', path: '/files?name=a', exposure: 'public' }, id);
		assert.ok(traversal.some((r) => r.path === '/files?name=..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd'));
		const leak = pathTraversalProbe.judge(traversal[0]!, { id: 'r1', status: 200, body: 'root:x:0:0:root:/root:/bin/bash', durationMs: 1, crashed: false });
		assert.deepEqual(leak, { passed: false, reason: 'the response holds the content of /etc/passwd' });
		assert.equal(authProbe.requests({ method: 'GET', path: '/', exposure: 'public' }, id).length, 0);
		const [big] = oversizedBodyProbe.requests({ method: 'POST', path: '/x', exposure: 'public' }, id);
		assert.equal(oversizedBodyProbe.judge(big!, { id: 'b', status: 413, body: '', durationMs: 1, crashed: false }).passed, true);
		assert.equal(oversizedBodyProbe.judge(big!, { id: 'b', status: 200, body: '', durationMs: 1, crashed: false }).passed, false);
		assert.equal(oversizedBodyProbe.judge(big!, { id: 'b', status: 413, body: '', durationMs: 1, crashed: true }).passed, false);
	});
});

describe('adversarial probes against a real application in the container', function () {
	this.timeout(300_000);
	const engine = useTestEngine('runtime');

	async function probe(app: string) {
		const dir = await fs.mkdtemp(join(tmpdir(), `rampart-probe-${app}-`));
		engine.temps.push(dir);
		await fs.cp(join(fixtures, app), dir, { recursive: true });
		const [plan] = await detectStacks(folderFiles(dir));
		assert.ok(plan?.steps.smoke);
		const run = await runProbes({ sandbox: new DockerSandbox({ docker: engine.docker, workspaceRoot: dir, image: engine.image }), root: dir, start: plan.steps.smoke, endpoints: endpointsOf(model), runId: `probe-${app}` });
		await assert.rejects(fs.access(join(dir, '.rampart', 'probes', `probe-${app}.json`)), 'the probe plan is removed afterwards');
		return { run, verdicts: threatVerdicts(model, run, `probe-${app}`) };
	}

	it('finds traversal, missing auth, command injection and the crash in the vulnerable app', async () => {
		const { run, verdicts } = await probe('app-vulnerable');
		assert.equal(run.up, true, run.appLog);
		assert.deepEqual(verdicts.map((v) => `${v.threatId}:${v.verdict}`), ['T-1:failed', 'T-2:failed', 'T-3:failed', 'T-4:failed', 'T-5:unverified']);
		const reasons = Object.fromEntries(verdicts.map((v) => [v.threatId, v.reason]));
		assert.match(reasons['T-1'] ?? '', /content of \/etc\/passwd/);
		assert.match(reasons['T-2'] ?? '', /answered 200 without valid credentials/);
		assert.match(reasons['T-3'] ?? '', /output of `id`|content of \/etc\/passwd/);
		assert.match(reasons['T-4'] ?? '', /stopped answering/);
		assert.match(run.appLog, /SyntaxError/, 'the crash is in the application output');
		const crash = run.evidence.find((e) => e.step === 'probe:malformed_json' && e.status === 'failed');
		assert.ok(crash && verdicts[3]?.evidence.includes(crash.id));
		assert.ok(run.outcomes.some((o) => o.status === 'not_run' && /stopped answering/.test(o.reason)), 'probes after the crash are reported as not run');

		const dir = engine.temps.at(-1)!;
		const record = { id: 'probe-app-vulnerable', kind: 'verification' as const, startedAt: new Date().toISOString(), status: 'failed' as const, summary: 'probes', stages: [] };
		await storeEvidence(dir, record, run.evidence, verdicts);
		const stored = await readEvidence(dir, 'probe-app-vulnerable');
		assert.equal(stored?.verdicts?.find((v) => v.threatId === 'T-2')?.verdict, 'failed');
		const cited = new Set(stored?.verdicts?.flatMap((v) => v.evidence));
		assert.ok([...cited].every((id) => stored?.records.some((r) => r.id === id)), 'every verdict cites stored evidence');
	});

	it('verifies the hardened app: every probed threat passes, the unprobed one stays unverified', async () => {
		const { run, verdicts } = await probe('app-hardened');
		assert.equal(run.up, true, run.appLog);
		const failed = run.outcomes.filter((o) => o.status !== 'passed').map((o) => `${o.request.kind} ${o.request.method} ${o.request.path.slice(0, 60)}: ${o.reason}`);
		assert.deepEqual(failed, []);
		assert.deepEqual(verdicts.map((v) => `${v.threatId}:${v.verdict}`), ['T-1:verified', 'T-2:verified', 'T-3:verified', 'T-4:verified', 'T-5:unverified']);
		assert.ok(run.outcomes.length > 50, `${run.outcomes.length} probes`);
	});
});
