import * as assert from 'node:assert/strict';
import { sharedEngine } from '../../support/engineOnce';
import { listRuleFixtures } from '../../support/fixtureCorpus';

/**
 * Data-driven: every fixture line marked `ruleid:` must get that finding, every `ok:` line
 * must not, and no other finding of a checked rule may appear in the file.
 */
describe('rule fixtures', () => {
	it('compile without errors', async () => {
		const engine = await sharedEngine();
		assert.deepEqual(engine.compileErrors, []);
	});

	for (const fixture of listRuleFixtures()) {
		it(fixture.relativePath, async () => {
			const engine = await sharedEngine();
			const result = engine.analyze(fixture.path, fixture.text, { parseTimeoutMs: 10_000, limits: { maxBytes: 4 * 1024 * 1024 } });
			assert.equal(result.skipped, undefined, `skipped: ${result.skipped?.message}`);
			const checked = new Set(fixture.expectations.map((e) => e.ruleId));
			for (const rule of engine.rules) {
				if (rule.vulnClass === fixture.vulnClass && rule.precision !== 'low') {
					checked.add(rule.id);
				}
			}
			const found = new Set(result.findings.filter((f) => checked.has(f.ruleId) && !f.suppression).map((f) => `${f.ruleId}@${f.range.start.line + 1}`));
			const expected = new Set(fixture.expectations.filter((e) => e.kind === 'ruleid').map((e) => `${e.ruleId}@${e.line + 1}`));
			const missing = [...expected].filter((e) => !found.has(e));
			const unexpected = [...found].filter((f) => !expected.has(f));
			assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] }, `${fixture.relativePath}: rule@line (1-based)`);
		});
	}
});
