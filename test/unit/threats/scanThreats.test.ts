import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Log } from 'sarif';
import { scanCommand, type Io } from '../../../src/cli/scanCommand';
import { AnalysisStore, type StpaGraph, type ThreatModel } from '../../../src/core/store';
import { withImplementedMitigations, withThreatMarkedMitigated } from '../../../language-server/src/engine/threats/modelUpdates';
import { scanThreats } from '../../../language-server/src/engine/threats/threatReport';
import { threatsOf } from '../../../language-server/src/engine/threats/threatModel';
import { repoRoot } from '../../support/fixtureCorpus';

const fixtures = join(repoRoot, 'test', 'fixtures', 'threats', 'lsp');
const model = JSON.parse(readFileSync(join(fixtures, 'model.json'), 'utf8')) as { threatModel: ThreatModel; stpa: StpaGraph };

async function run(argv: readonly string[], cwd: string): Promise<{ code: number; stdout: string }> {
	const stdout = new PassThrough();
	const chunks: Buffer[] = [];
	stdout.on('data', (c: Buffer) => chunks.push(c));
	const io: Io = { stdout, stderr: new PassThrough(), cwd, env: {} };
	const code = await scanCommand(argv, io, '0.0.0-test');
	return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

describe('threat model in rampart scan and the store', function () {
	this.timeout(60_000);
	let root: string;

	before(async () => {
		root = mkdtempSync(join(tmpdir(), 'rampart-threat-scan-'));
		mkdirSync(join(root, 'src'));
		writeFileSync(join(root, 'src', 'login.js'), readFileSync(join(fixtures, 'login.js'), 'utf8'));
		await AnalysisStore.forWorkspace(root).write({ threatModel: model.threatModel, stpa: model.stpa }, { author: { kind: 'user', name: 'test' }, message: 'model' });
	});

	after(() => rmSync(root, { recursive: true, force: true }));

	it('SARIF carries threat results with threatId, CWE tag and trace ids', async () => {
		const { code, stdout } = await run(['--format', 'sarif', '--fail-on', 'warning', 'src'], root);
		assert.equal(code, 1, 'a missing protection fails --fail-on warning');
		const log = JSON.parse(stdout) as Log;
		const results = log.runs[0]!.results ?? [];
		const t1 = results.find((r) => r.properties?.threatId === 'T-1');
		assert.equal(t1?.ruleId, 'rampart.threat.sql-parameterised');
		assert.equal(t1?.level, 'warning');
		assert.ok((t1?.properties?.tags as string[]).includes('external/cwe/cwe-89'));
		assert.deepEqual(t1?.properties?.traceIds, ['T-1', 'H-1', 'L-1', 'SR-1']);
		assert.equal(t1?.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'src/login.js');
		const t2 = results.find((r) => r.properties?.threatId === 'T-2');
		assert.equal(t2?.kind, 'pass', 'a mitigated threat is a passing result');
		assert.ok(log.runs[0]!.tool.driver.rules?.some((r) => r.id === 'rampart.threat.sql-parameterised'));
	});

	it('--no-threats leaves threats out; text output lists them otherwise', async () => {
		const without = await run(['--format', 'sarif', '--no-threats', 'src'], root);
		const log = JSON.parse(without.stdout) as Log;
		assert.ok(!(log.runs[0]!.results ?? []).some((r) => r.properties?.threatId));
		const text = await run(['src', '--fail-on', 'none'], root);
		assert.match(text.stdout, /Threat model: 2 threats — 1 missing, 1 mitigated, 0 unknown/);
		assert.match(text.stdout, /src\/login\.js:4:\d+ {2}warning {2}T-1 \(CWE-89\)/);
	});

	it('marks proposed mitigations implemented and records justifications', async () => {
		const scan = await scanThreats(root);
		const evaluations = scan?.files.flatMap((f) => f.evaluations) ?? [];
		const update = withImplementedMitigations(model.stpa, evaluations);
		assert.deepEqual(update?.marked, ['M-2'], 'only the mitigation whose protection is in code');
		const m2 = update?.graph.nodes.find((n) => n.id === 'M-2');
		assert.equal(m2?.kind === 'mitigation' && m2.status, 'implemented');
		assert.ok(update?.graph.edges.some((e) => e.kind === 'locatedIn' && e.source === 'M-2' && e.target === 'CE-1'));
		assert.equal(withImplementedMitigations(update!.graph, evaluations), undefined, 'nothing more to do the second time');

		const changes = withThreatMarkedMitigated(model.threatModel, model.stpa, 'T-1', 'login goes through the stored procedure in db/login.sql');
		const threats = threatsOf(changes?.threatModel ?? undefined, changes?.stpa ?? undefined);
		const t1 = threats.find((t) => t.id === 'T-1');
		assert.equal(t1?.modelStatus, 'mitigated');
		assert.equal(t1?.justification, 'login goes through the stored procedure in db/login.sql');
	});
});
