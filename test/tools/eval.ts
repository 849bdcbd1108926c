// npm run eval: precision, recall and F1 of the rules over the fixture corpus, per class and language.
// TP = a `ruleid:` line the rule found; FN = a `ruleid:` line it missed; FP = a finding of a checked
// rule (one named in the file or of the file's class) on a line not marked `ruleid:` for that rule.
// Audit rules (precision `low`) are left out. Exits 1 when the macro F1 over classes is below 0.9.
import type { Rule } from '../../language-server/src/engine/rule';
import { SecurityEngine } from '../../language-server/src/engine/securityEngine';
import { vulnClasses } from '../../language-server/src/engine/types';
import { listRuleFixtures, type RuleFixture } from '../support/fixtureCorpus';

export interface Counts {
	tp: number;
	fp: number;
	fn: number;
}

export interface EvalRow extends Counts {
	readonly language: string;
	readonly vulnClass: string;
	readonly files: number;
}

export const threshold = 0.9;

export function f1(c: Counts): number | undefined {
	const denominator = 2 * c.tp + c.fp + c.fn;
	return denominator === 0 ? undefined : (2 * c.tp) / denominator;
}

/** Counts one fixture's outcomes. */
export function scoreFixture(engine: SecurityEngine, fixture: RuleFixture): Counts {
	const lowPrecision = new Set(engine.rules.filter((r: Rule) => r.precision === 'low').map((r) => r.id));
	const checked = new Set(fixture.expectations.map((e) => e.ruleId).filter((id) => !lowPrecision.has(id)));
	for (const rule of engine.rules) {
		if (rule.vulnClass === fixture.vulnClass && rule.precision !== 'low') {
			checked.add(rule.id);
		}
	}
	const result = engine.analyze(fixture.path, fixture.text, { parseTimeoutMs: 10_000, limits: { maxBytes: 4 * 1024 * 1024 } });
	const found = new Set(result.findings.filter((f) => checked.has(f.ruleId) && !f.suppression).map((f) => `${f.ruleId}@${f.range.start.line}`));
	const expected = new Set(fixture.expectations.filter((e) => e.kind === 'ruleid' && checked.has(e.ruleId)).map((e) => `${e.ruleId}@${e.line}`));
	let tp = 0;
	for (const e of expected) {
		tp += found.has(e) ? 1 : 0;
	}
	return { tp, fn: expected.size - tp, fp: [...found].filter((f) => !expected.has(f)).length };
}

export async function evaluate(engine?: SecurityEngine): Promise<EvalRow[]> {
	const e = engine ?? (await SecurityEngine.create());
	const rows = new Map<string, EvalRow>();
	for (const fixture of listRuleFixtures()) {
		const language = fixture.relativePath.split(/[\\/]/)[0];
		const key = `${language}\u0000${fixture.vulnClass}`;
		const row = rows.get(key) ?? { language, vulnClass: fixture.vulnClass, files: 0, tp: 0, fp: 0, fn: 0 };
		const c = scoreFixture(e, fixture);
		rows.set(key, { ...row, files: row.files + 1, tp: row.tp + c.tp, fp: row.fp + c.fp, fn: row.fn + c.fn });
	}
	return [...rows.values()].sort((a, b) => a.vulnClass.localeCompare(b.vulnClass) || a.language.localeCompare(b.language));
}

function sum(rows: readonly Counts[]): Counts {
	return rows.reduce((a, r) => ({ tp: a.tp + r.tp, fp: a.fp + r.fp, fn: a.fn + r.fn }), { tp: 0, fp: 0, fn: 0 });
}

/** Mean F1 over groups (classes, or languages) that have something to score. */
export function macroF1(groups: ReadonlyMap<string, Counts>): number | undefined {
	const scores = [...groups.values()].map(f1).filter((x): x is number => x !== undefined);
	return scores.length === 0 ? undefined : scores.reduce((a, b) => a + b, 0) / scores.length;
}

function groupBy(rows: readonly EvalRow[], key: (r: EvalRow) => string): Map<string, Counts> {
	const out = new Map<string, Counts>();
	for (const r of rows) {
		out.set(key(r), sum([out.get(key(r)) ?? { tp: 0, fp: 0, fn: 0 }, r]));
	}
	return out;
}

const pct = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));
const ratio = (n: number, d: number) => (d === 0 ? undefined : n / d);

function line(cells: readonly string[], widths: readonly number[]): string {
	return `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
}

export function renderTable(rows: readonly EvalRow[]): string {
	const header = ['class', 'language', 'files', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1'];
	const body: string[][] = [];
	const byClass = groupBy(rows, (r) => r.vulnClass);
	for (const [vulnClass, total] of byClass) {
		const mine = rows.filter((r) => r.vulnClass === vulnClass);
		for (const r of mine) {
			body.push([vulnClass, r.language, String(r.files), String(r.tp), String(r.fp), String(r.fn), pct(ratio(r.tp, r.tp + r.fp)), pct(ratio(r.tp, r.tp + r.fn)), pct(f1(r))]);
		}
		if (mine.length > 1) {
			body.push([vulnClass, '(all)', String(mine.reduce((a, r) => a + r.files, 0)), String(total.tp), String(total.fp), String(total.fn), pct(ratio(total.tp, total.tp + total.fp)), pct(ratio(total.tp, total.tp + total.fn)), pct(f1(total))]);
		}
	}
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
	return [line(header, widths), `|${widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map((r) => line(r, widths))].join('\n');
}

async function main(): Promise<number> {
	const rows = await evaluate();
	if (rows.length === 0) {
		process.stdout.write('No rule fixtures found under test/fixtures/rules.\n');
		return 1;
	}
	process.stdout.write(`${renderTable(rows)}\n\n`);
	const byLanguage = groupBy(rows, (r) => r.language);
	for (const language of byLanguage.keys()) {
		const classes = groupBy(rows.filter((r) => r.language === language), (r) => r.vulnClass);
		process.stdout.write(`macro F1 (${language}, ${classes.size} classes): ${pct(macroF1(classes))}\n`);
	}
	const macro = macroF1(groupBy(rows, (r) => r.vulnClass));
	const micro = f1(sum(rows));
	const missing = vulnClasses.filter((c) => !rows.some((r) => r.vulnClass === c));
	if (missing.length > 0) {
		process.stdout.write(`classes without fixtures (not scored): ${missing.join(', ')}\n`);
	}
	process.stdout.write('(The fixtures are the rules\' own test corpus: this measures regressions, not accuracy on unseen code.)\n');
	process.stdout.write(`micro F1: ${pct(micro)}\nmacro F1 over ${groupBy(rows, (r) => r.vulnClass).size} classes: ${pct(macro)} (threshold ${threshold})\n`);
	return macro !== undefined && macro >= threshold ? 0 : 1;
}

if (require.main === module) {
	main().then(
		(code) => {
			process.exitCode = code;
		},
		(error: unknown) => {
			process.stderr.write(`eval failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exitCode = 2;
		},
	);
}
