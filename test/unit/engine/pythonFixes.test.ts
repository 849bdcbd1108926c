import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { sharedEngine } from '../../support/engineOnce';
import { applyFixEdits, fixPairs } from '../../support/fixPairs';




/** Before/after pairs in test/fixtures/fixes/python: every fix applied gives the `.fixed.py` text. */
describe('python quick-fixes', () => {
	const pairs = fixPairs('python', /\.py$/);

	it('has fix fixtures, each with its .fixed.py', () => {
		assert.ok(pairs.length >= 5, `expected at least 5 fix fixtures, found ${pairs.length}`);
		for (const pair of pairs) {
			assert.ok(existsSync(pair.after), `${pair.name} has no ${basename(pair.after)}`);
		}
	});

	for (const pair of pairs) {
		it(pair.name, async () => {
			const engine = await sharedEngine();
			const before = readFileSync(pair.before, 'utf8');
			const expected = readFileSync(pair.after, 'utf8');
			const result = engine.analyze(pair.before, before, { parseTimeoutMs: 10_000 });
			assert.equal(result.hasSyntaxErrors, false, 'the before file must parse cleanly');
			const fixed = result.findings.filter((f) => f.fix && f.ruleId.startsWith('rampart.py.'));
			assert.ok(fixed.length > 0, `${pair.name}: no finding offers a fix`);
			const text = applyFixEdits(
				before,
				fixed.flatMap((f) => f.fix?.edits ?? []),
			);
			assert.equal(text, expected);
			const tree = engine.parse(text, 'python');
			assert.equal(tree?.rootNode.hasError, false, 'the fixed text must parse without syntax errors');
			tree?.delete();
			const fixedRules = new Set(fixed.map((f) => f.ruleId));
			const after = engine.analyze(pair.after, text, { parseTimeoutMs: 10_000 });
			const remaining = after.findings.filter((f) => fixedRules.has(f.ruleId)).map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
			assert.deepEqual(remaining, [], 'the fixed findings must be gone');
		});
	}
});
