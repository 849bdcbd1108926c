import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { languageOfPath } from '../../../language-server/src/engine/languages';
import type { Finding } from '../../../language-server/src/engine/types';
import { sharedEngine } from '../../support/engineOnce';
import { applyFixEdits, fixPairs } from '../../support/fixPairs';


/** Every `<name>.js` (or .ts/.tsx) with a `<name>.fixed.js` next to it. */


function countByRule(findings: readonly Finding[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const f of findings) {
		counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
	}
	return counts;
}

/** Before/after pairs in test/fixtures/fixes/javascript: applying every fix gives the `.fixed` text. */
describe('javascript quick-fixes', () => {
	const pairs = fixPairs('javascript', /\.(js|jsx|ts|tsx)$/);

	it('has fix fixtures, each with its .fixed twin', () => {
		assert.ok(pairs.length >= 8, `expected at least 8 fix fixtures, found ${pairs.length}`);
		for (const pair of pairs) {
			assert.ok(existsSync(pair.after), `${pair.name} has no ${basename(pair.after)}`);
		}
	});

	for (const pair of pairs) {
		it(pair.name, async () => {
			const engine = await sharedEngine();
			const language = languageOfPath(pair.before);
			assert.ok(language, `${pair.name}: not a JavaScript/TypeScript file`);
			const before = readFileSync(pair.before, 'utf8');
			const expected = readFileSync(pair.after, 'utf8');
			const result = engine.analyze(pair.before, before, { parseTimeoutMs: 10_000 });
			assert.equal(result.hasSyntaxErrors, false, 'the before file must parse cleanly');
			const fixed = result.findings.filter((f) => f.fix && f.ruleId.startsWith('rampart.js.'));
			assert.ok(fixed.length > 0, `${pair.name}: no finding offers a fix`);
			const text = applyFixEdits(
				before,
				fixed.flatMap((f) => f.fix?.edits ?? []),
			);
			assert.equal(text, expected);

			const tree = engine.parse(text, language);
			assert.equal(tree?.rootNode.hasError, false, 'the fixed text must parse without syntax errors');
			tree?.delete();

			const after = engine.analyze(pair.after, text, { parseTimeoutMs: 10_000 });
			const beforeCounts = countByRule(result.findings);
			const afterCounts = countByRule(after.findings);
			for (const [ruleId, fixedCount] of countByRule(fixed)) {
				const remaining = afterCounts.get(ruleId) ?? 0;
				assert.equal(remaining, (beforeCounts.get(ruleId) ?? 0) - fixedCount, `${ruleId}: every fixed finding must be gone`);
			}
			const stillFixable = after.findings.filter((f) => f.fix).map((f) => `${f.ruleId}@${f.range.start.line + 1}`);
			assert.deepEqual(stillFixable, [], 'the fixed text must offer no further fixes');
		});
	}
});
