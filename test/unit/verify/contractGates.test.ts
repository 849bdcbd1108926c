import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractSchema } from '../../../src/core/store/schemas';
import { depsAuditGate } from '../../../src/core/verify/gates/depsAuditGate';
import { overall, runContractGates } from '../../../src/core/verify/gates/contractGates';
import type { GateContext, GateResult } from '../../../src/core/verify/gates/gateTypes';
import { apiMatches, packageOf, policyGate } from '../../../src/core/verify/gates/policyGate';
import { sastGate } from '../../../src/core/verify/gates/sastGate';
import { buildImportsGate } from '../../../src/core/verify/gates/buildImportsGate';
import { unitTestsGate } from '../../../src/core/verify/gates/unitTestsGate';
import { detectStacks } from '../../../src/core/verify/stackDetection';
import { folderFiles } from '../../../src/core/verify/stackTypes';
import { repoRoot } from '../../support/fixtureCorpus';

const fixtures = join(repoRoot, 'test', 'fixtures', 'verify', 'contracts');
const contract = contractSchema.parse(JSON.parse(readFileSync(join(fixtures, 'contract.json'), 'utf8')));

async function context(name: string, extra: Partial<GateContext> = {}): Promise<GateContext> {
	const root = join(fixtures, name);
	return { root, contract, plans: await detectStacks(folderFiles(root)), allowNetwork: false, runId: 'test-run', ...extra };
}

describe('contract gates (purpose-built fixtures)', function () {
	this.timeout(60_000);

	it('matches API patterns and package names', () => {
		assert.ok(apiMatches('child_process.exec', 'child_process.exec'));
		assert.ok(!apiMatches('child_process.exec', 'child_process.execFile'));
		assert.ok(apiMatches('subprocess.*', 'subprocess.run'));
		assert.ok(!apiMatches('subprocess.*', 'subprocessing.run'));
		assert.equal(packageOf('lodash/fp', 'javascript'), 'lodash');
		assert.equal(packageOf('@scope/pkg/deep', 'javascript'), '@scope/pkg');
		assert.equal(packageOf('yaml.loader', 'python'), 'yaml');
	});

	it('policy: fails on forbidden calls and packages found in the syntax tree, with locations', async () => {
		const result = await policyGate.run(await context('policy-violations'));
		assert.equal(result.outcome, 'hard_fail');
		const found = result.details.map((d) => `${d.file}:${d.line ?? '-'} ${d.message.split(':')[0]}`).sort();
		assert.deepEqual(found, [
			"package.json:- forbidden package 'left-pad' is a dependency",
			"src/run.js:5 forbidden API 'child_process.exec' is called",
			"src/run.js:5 forbidden API 'child_process.exec' is called",
			"src/run.js:5 forbidden API 'eval' is called",
			"tool.py:1 forbidden package 'pickle' is imported",
			"tool.py:6 forbidden API 'subprocess.run' is called",
		]);
	});

	it('policy: reads package names from the syntax tree, dots and re-exports included', async () => {
		const ctx = await context('policy-dotted', {
			contract: { ...contract, forbiddenApis: [], forbiddenPackages: [{ name: 'lodash.merge', reason: 'r' }, { name: 'left-pad', reason: 'r' }, { name: 'pickle', reason: 'r' }, { name: 'os', reason: 'r' }] },
		});
		const result = await policyGate.run(ctx);
		assert.deepEqual(result.details.map((d) => `${d.file}:${d.line} ${d.message.split(':')[0]}`).sort(), [
			"index.mjs:1 forbidden package 'lodash.merge' is imported",
			"index.mjs:2 forbidden package 'left-pad' is imported",
			"mod.py:1 forbidden package 'os' is imported",
			"mod.py:2 forbidden package 'pickle' is imported",
		]);
	});

	it('policy: passes when forbidden names appear only in comments and strings', async () => {
		const result = await policyGate.run(await context('policy-clean'));
		assert.equal(result.outcome, 'success', JSON.stringify(result.details));
		assert.match(result.reason, /2 file\(s\) checked/);
	});

	it('policy: is skipped, with the reason, when the contract forbids nothing', async () => {
		const result = await policyGate.run(await context('policy-violations', { contract: { ...contract, forbiddenApis: [], forbiddenPackages: [] } }));
		assert.equal(result.outcome, 'skipped');
		assert.match(result.reason, /forbids no API/);
	});

	it('security_sast: fails on an error-severity finding of the engine and passes the fixed code', async () => {
		const bad = await sastGate.run(await context('sast-vulnerable'));
		assert.equal(bad.outcome, 'hard_fail');
		assert.ok(bad.details.some((d) => d.ruleId?.startsWith('rampart.js.command-injection') && d.file === 'server.js' && d.line === 5), JSON.stringify(bad.details));
		const good = await sastGate.run(await context('sast-clean'));
		assert.equal(good.outcome, 'success', JSON.stringify(good.details));
	});

	it('security_sast: is skipped when there is nothing the engine reads', async () => {
		const result = await sastGate.run(await context('deps-python'));
		assert.equal(result.outcome, 'skipped');
	});

	it('security_deps: skipped with the reason when the audit would need the network (never success)', async () => {
		const node = await depsAuditGate.run(await context('deps-lockfile'));
		assert.equal(node.outcome, 'skipped');
		assert.match(node.reason, /npm audit asks an advisory database on the network, which this run does not allow/);
		const python = await depsAuditGate.run(await context('deps-python'));
		assert.equal(python.outcome, 'skipped');
		assert.match(python.reason, /pip-audit/);
	});

	it('security_deps: skipped with the reason when there is no lockfile or no sandbox', async () => {
		const noLock = await depsAuditGate.run(await context('policy-violations', { allowNetwork: true }));
		assert.equal(noLock.outcome, 'skipped');
		assert.match(noLock.reason, /needs package-lock\.json/);
		const noSandbox = await depsAuditGate.run(await context('deps-lockfile', { allowNetwork: true }));
		assert.match(noSandbox.reason, /no sandbox/);
	});

	it('build_imports and unit_tests: skipped without a verification run', async () => {
		assert.equal((await buildImportsGate.run(await context('sast-clean'))).outcome, 'skipped');
		assert.equal((await unitTestsGate.run(await context('sast-clean'))).outcome, 'skipped');
	});

	it('the whole contract: a blocking hard fail decides, skipped gates are listed', async () => {
		const outcome = await runContractGates(await context('policy-violations'));
		assert.equal(outcome.outcome, 'hard_fail');
		assert.deepEqual(
			outcome.gates.map((g) => `${g.id}:${g.outcome}`),
			['sast:success', 'deps:skipped', 'policy:hard_fail'],
		);
		assert.equal(outcome.reason, 'failed: policy');
	});

	it('overall: success only with something checked, never from skips alone; non-blocking failures do not fail', () => {
		const gate = (id: string, outcome: GateResult['outcome'], blocking = true): GateResult => ({ id, kind: 'policy', outcome, blocking, reason: '', details: [], evidence: [] });
		assert.equal(overall([gate('a', 'skipped'), gate('b', 'skipped')]).outcome, 'skipped');
		assert.equal(overall([gate('a', 'success'), gate('b', 'skipped')]).outcome, 'success');
		assert.equal(overall([gate('a', 'success'), gate('b', 'hard_fail', false)]).outcome, 'success');
		assert.equal(overall([gate('a', 'success'), gate('b', 'hard_fail')]).outcome, 'hard_fail');
	});
});
