// A unified diff of two texts for approval cards: line-based longest common subsequence with
// three lines of context. Very large inputs fall back to "all removed, all added" rather than
// spending quadratic time on them.

const maxCells = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function lineOps(a: string[], b: string[]): Op[] {
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) {
		start++;
	}
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const midA = a.slice(start, endA);
	const midB = b.slice(start, endB);
	const ops: Op[] = a.slice(0, start).map((line) => ({ kind: ' ', line }));
	if (midA.length * midB.length > maxCells) {
		ops.push(...midA.map((line) => ({ kind: '-' as const, line })), ...midB.map((line) => ({ kind: '+' as const, line })));
	} else {
		const rows = midA.length + 1;
		const cols = midB.length + 1;
		const lcs = new Uint32Array(rows * cols);
		for (let i = midA.length - 1; i >= 0; i--) {
			for (let j = midB.length - 1; j >= 0; j--) {
				lcs[i * cols + j] = midA[i] === midB[j] ? lcs[(i + 1) * cols + j + 1] + 1 : Math.max(lcs[(i + 1) * cols + j], lcs[i * cols + j + 1]);
			}
		}
		let i = 0;
		let j = 0;
		while (i < midA.length || j < midB.length) {
			if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
				ops.push({ kind: ' ', line: midA[i++] });
				j++;
			} else if (i < midA.length && (j >= midB.length || lcs[(i + 1) * cols + j] >= lcs[i * cols + j + 1])) {
				ops.push({ kind: '-', line: midA[i++] });
			} else {
				ops.push({ kind: '+', line: midB[j++] });
			}
		}
	}
	ops.push(...a.slice(endA).map((line) => ({ kind: ' ' as const, line })));
	return ops;
}

function linesOf(text: string): string[] {
	const lines = text.replace(/\r\n/g, '\n').split('\n');
	if (lines.at(-1) === '') {
		lines.pop();
	}
	return lines;
}

/** `before` undefined means a new file. Returns '' when nothing changed. */
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
	const a = linesOf(before ?? '');
	const b = linesOf(after);
	const ops = lineOps(a, b);
	if (ops.every((o) => o.kind === ' ')) {
		return '';
	}
	const out = [`--- ${before === undefined ? '/dev/null' : `a/${path}`}`, `+++ b/${path}`];
	let index = 0;
	while (index < ops.length) {
		const firstChange = ops.findIndex((o, k) => k >= index && o.kind !== ' ');
		if (firstChange < 0) {
			break;
		}
		const from = Math.max(index, firstChange - context);
		let to = firstChange;
		let quiet = 0;
		for (let k = firstChange; k < ops.length; k++) {
			quiet = ops[k].kind === ' ' ? quiet + 1 : 0;
			to = k;
			if (quiet > context * 2) {
				to = k - quiet + context;
				break;
			}
		}
		const hunk = ops.slice(from, to + 1);
		const oldStart = ops.slice(0, from).filter((o) => o.kind !== '+').length + 1;
		const newStart = ops.slice(0, from).filter((o) => o.kind !== '-').length + 1;
		const oldCount = hunk.filter((o) => o.kind !== '+').length;
		const newCount = hunk.filter((o) => o.kind !== '-').length;
		out.push(`@@ -${oldCount ? oldStart : oldStart - 1},${oldCount} +${newCount ? newStart : newStart - 1},${newCount} @@`, ...hunk.map((o) => `${o.kind}${o.line}`));
		index = to + 1;
	}
	return out.join('\n');
}
