// How arena contestants are compared. The rule, in order (the first difference decides):
//  1. a run that failed or was skipped ranks below every run that finished;
//  2. fewer critical findings, then fewer high findings;
//  3. verification: passed before not run before failed;
//  4. fewer completeness problems;
//  5. fewer medium findings, then fewer low findings;
//  6. lower cost (a run without a known price counts as costlier than any priced run);
//  7. shorter time;
//  8. otherwise the order the contestants were given.
import type { ArenaRowView } from '../protocol/chatMessages';
import type { TokenUsage } from '../llm/types';

export const rankingRule =
	'finished runs first; then fewer critical, then fewer high findings; then verification (passed, not run, failed); then fewer completeness problems; then fewer medium, then fewer low findings; then lower cost; then shorter time; then the order given.';

export interface SeverityCounts {
	critical: number;
	high: number;
	medium: number;
	low: number;
}

/** What one contestant's run produced, as the table shows it. */
export interface ArenaMeasurement {
	findings: SeverityCounts;
	verification: 'passed' | 'failed' | 'not-run';
	completenessProblems: number;
	usage: TokenUsage;
	costUsd?: number;
	durationMs: number;
	/** Set when the run failed or was skipped. */
	error?: string;
}

export interface ArenaResult {
	contestant: string;
	measurement: ArenaMeasurement;
}

const verificationOrder = { passed: 0, 'not-run': 1, failed: 2 } as const;

/** Negative when `a` ranks above `b` by the rule above (without the final tie on input order). */
export function compareMeasurements(a: ArenaMeasurement, b: ArenaMeasurement): number {
	const keys: Array<(m: ArenaMeasurement) => number> = [
		(m) => (m.error ? 1 : 0),
		(m) => m.findings.critical,
		(m) => m.findings.high,
		(m) => verificationOrder[m.verification],
		(m) => m.completenessProblems,
		(m) => m.findings.medium,
		(m) => m.findings.low,
		(m) => m.costUsd ?? Number.POSITIVE_INFINITY,
		(m) => m.durationMs,
	];
	for (const key of keys) {
		const ka = key(a);
		const kb = key(b);
		if (ka !== kb) {
			return ka < kb ? -1 : 1;
		}
	}
	return 0;
}

/** The table rows, best first; rank 1 is the winner. Equal measurements keep the given order. */
export function rankArena(results: readonly ArenaResult[]): ArenaRowView[] {
	return results
		.map((r, index) => ({ r, index }))
		.sort((a, b) => compareMeasurements(a.r.measurement, b.r.measurement) || a.index - b.index)
		.map(({ r }, i) => ({
			rank: i + 1,
			contestant: r.contestant,
			findings: { ...r.measurement.findings },
			verification: r.measurement.verification,
			completenessProblems: r.measurement.completenessProblems,
			inputTokens: r.measurement.usage.inputTokens,
			outputTokens: r.measurement.usage.outputTokens,
			...(r.measurement.costUsd === undefined ? {} : { costUsd: r.measurement.costUsd }),
			durationMs: r.measurement.durationMs,
			...(r.measurement.error ? { error: r.measurement.error } : {}),
		}));
}
