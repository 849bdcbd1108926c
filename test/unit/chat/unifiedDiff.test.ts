// The approval cards' diffs: checked by applying them back, on hand-picked and random edits.
import * as assert from 'node:assert/strict';
import { unifiedDiff } from '../../../src/core/chat/unifiedDiff';

/** Applies a unified diff produced for `before`; throws when a context or removed line does not match. */
function apply(before: string, diff: string): string {
	const source = before === '' ? [] : before.replace(/\n$/, '').split('\n');
	const out: string[] = [];
	let cursor = 0;
	for (const line of diff.split('\n').slice(2)) {
		const hunk = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(line);
		if (hunk) {
			const start = Number(hunk[2]) === 0 ? Number(hunk[1]) : Number(hunk[1]) - 1;
			out.push(...source.slice(cursor, start));
			cursor = start;
		} else if (line.startsWith('+')) {
			out.push(line.slice(1));
		} else {
			assert.equal(source[cursor], line.slice(1), `diff line "${line}" matches the source`);
			if (line.startsWith(' ')) {
				out.push(source[cursor]!);
			}
			cursor++;
		}
	}
	out.push(...source.slice(cursor));
	return out.length ? `${out.join('\n')}\n` : '';
}

describe('unified diff for approval cards', () => {
	it('matches the classic format on a two-hunk change and a new file', () => {
		const a = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n';
		const b = a.replace('c\n', 'C\n').replace('l\n', 'L\n');
		assert.equal(unifiedDiff('x.txt', a, b), ['--- a/x.txt', '+++ b/x.txt', '@@ -1,6 +1,6 @@', ' a', ' b', '-c', '+C', ' d', ' e', ' f', '@@ -9,5 +9,5 @@', ' i', ' j', ' k', '-l', '+L', ' m'].join('\n'));
		assert.equal(unifiedDiff('n.txt', undefined, 'x\ny\n'), ['--- /dev/null', '+++ b/n.txt', '@@ -0,0 +1,2 @@', '+x', '+y'].join('\n'));
		assert.equal(unifiedDiff('same.txt', a, a), '');
	});

	it('applies back to the new text for 300 random edits', () => {
		let seed = 42;
		const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
		for (let round = 0; round < 300; round++) {
			const lines = Array.from({ length: random(40) }, () => `line ${random(12)}`);
			const edited = [...lines];
			for (let k = random(6); k >= 0; k--) {
				const at = random(edited.length + 1);
				const op = random(3);
				if (op === 0) {
					edited.splice(at, 0, `new ${random(100)}`);
				} else if (op === 1) {
					edited.splice(at, 1);
				} else {
					edited.splice(at, 1, `changed ${random(100)}`);
				}
			}
			const before = lines.length ? `${lines.join('\n')}\n` : '';
			const after = edited.length ? `${edited.join('\n')}\n` : '';
			const diff = unifiedDiff('r.txt', before, after);
			assert.equal(diff === '' ? before : apply(before, diff), after, `round ${round}`);
		}
	});
});
