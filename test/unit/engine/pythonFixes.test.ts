import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TextEdit } from '../../../language-server/src/engine/types';
import { sharedEngine } from '../../support/engineOnce';
import { fixFixtureRoot, listFiles } from '../../support/fixtureCorpus';

const root = join(fixFixtureRoot, 'python');

/** Every `<name>.py` with a `<name>.fixed.py` next to it. */
function fixturePairs(): Array<{ readonly name: string; readonly before: string; readonly after: string }> {
	if (!existsSync(root)) {
		return [];
	}
	return listFiles(root)
		.filter((f) => f.endsWith('.py') && !f.endsWith('.fixed.py'))
		.map((before) => ({ name: basename(before), before, after: before.replace(/\.py$/, '.fixed.py') }));
}

/**
 * Applies edits from the end of the text backwards. Identical edits (two findings that both add
 * `import secrets` at the same spot) apply once; any other overlap is a bug in a fix.
 */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
	const unique = new Map<string, TextEdit>();
	for (const edit of edits) {
		unique.set(`${edit.startIndex}:${edit.endIndex}:${edit.newText}`, edit);
	}
	const sorted = [...unique.values()].sort((a, b) => b.startIndex - a.startIndex || b.endIndex - a.endIndex);
	let out = text;
	let limit = Number.POSITIVE_INFINITY;
	for (const edit of sorted) {
		assert.ok(edit.endIndex <= limit, `overlapping edits at ${edit.startIndex}-${edit.endIndex}`);
		assert.ok(edit.startIndex <= edit.endIndex, `inverted edit at ${edit.startIndex}-${edit.endIndex}`);
		out = out.slice(0, edit.startIndex) + edit.newText + out.slice(edit.endIndex);
		limit = edit.startIndex;
	}
	return out;
}

/** Before/after pairs in test/fixtures/fixes/python: every fix applied gives the `.fixed.py` text. */
describe('python quick-fixes', () => {
	const pairs = fixturePairs();

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
			const text = applyEdits(
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
