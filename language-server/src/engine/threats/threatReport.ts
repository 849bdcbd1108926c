import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AnalysisStore } from '../../../../src/core/store';
import type { Severity } from '../types';
import { evaluateAllThreats } from './evaluateFiles';
import { loadThreatModel, stpaFile, threatModelFile } from './threatModel';
import type { FileThreatResult, ThreatEvaluation, ThreatSpec } from './types';

/** The threat-model part of a `rampart scan`. */
export interface ThreatScan {
	readonly files: readonly FileThreatResult[];
	/** Store files that could not be loaded, as messages. */
	readonly problems: readonly string[];
}

/** The report severity of a threat result: missing → warning (error when critical), unknown → info. */
export function threatSeverity(e: Pick<ThreatEvaluation, 'verdict' | 'threat'>): Severity | undefined {
	if (e.verdict === 'mitigated' || e.threat.modelStatus === 'accepted' || e.threat.modelStatus === 'falsePositive') {
		return undefined;
	}
	return e.verdict === 'unknown' ? 'info' : e.threat.severity === 'critical' ? 'error' : 'warning';
}

export const hasThreatModel = (root: string): boolean => existsSync(join(root, '.rampart', threatModelFile)) || existsSync(join(root, '.rampart', stpaFile));

/** Evaluates every threat of the model stored under `root`, or undefined when there is no model. */
export async function scanThreats(root: string): Promise<ThreatScan | undefined> {
	if (!hasThreatModel(root)) {
		return undefined;
	}
	const model = await loadThreatModel(AnalysisStore.forWorkspace(root));
	const files = await evaluateAllThreats(model.threats, (file) => fs.readFile(join(root, file), 'utf8').catch(() => undefined));
	return { files, problems: model.problems.map((p) => p.message) };
}

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Threat results and vanished anchors at or above a severity (for `--fail-on`). */
export function threatsAtOrAbove(scan: ThreatScan | undefined, level: Severity | 'none'): number {
	if (!scan || level === 'none') {
		return 0;
	}
	const evaluations = scan.files.flatMap((f) => f.evaluations).filter((e) => {
		const s = threatSeverity(e);
		return s !== undefined && rank[s] >= rank[level];
	});
	const misses = rank.warning >= rank[level] ? scan.files.reduce((n, f) => n + f.misses.length, 0) : 0;
	return evaluations.length + misses;
}

const traceText = (t: ThreatSpec): string => (t.trace[0] ? ` [trace ${t.trace[0].join(' → ')}]` : '');

/** The threat section of the text report. */
export function threatText(scan: ThreatScan): string {
	const all = scan.files.flatMap((f) => f.evaluations);
	const misses = scan.files.flatMap((f) => f.misses);
	const count = (v: string) => all.filter((e) => e.verdict === v).length;
	const lines = [`Threat model: ${all.length + misses.length} threats — ${count('missing')} missing, ${count('mitigated')} mitigated, ${count('unknown')} unknown, ${misses.length} with a vanished anchor.`];
	for (const f of scan.files) {
		for (const e of f.evaluations) {
			const s = threatSeverity(e);
			if (s) {
				lines.push(`  ${f.file}:${e.anchorRange.start.line + 1}:${e.anchorRange.start.character + 1}  ${s}  ${e.message}${traceText(e.threat)}`);
			}
		}
		for (const m of f.misses) {
			lines.push(`  .rampart/${threatModelFile}  warning  ${m.message}`);
		}
	}
	for (const p of scan.problems) {
		lines.push(`  warning  ${p}`);
	}
	return `${lines.join('\n')}\n`;
}

/** Plain data of the threat results for the JSON report. */
export function threatJson(scan: ThreatScan): unknown[] {
	return scan.files.flatMap((f) => [
		...f.evaluations.map((e) => ({
			threatId: e.threat.id,
			title: e.threat.title,
			file: f.file,
			function: e.threat.function,
			line: e.anchorRange.start.line + 1,
			cwe: e.threat.cwe ?? null,
			protection: e.protection,
			kind: e.kind ?? null,
			verdict: e.verdict,
			severity: threatSeverity(e) ?? null,
			evidence: e.evidence ?? null,
			violation: e.violation ?? null,
			message: e.message,
			trace: e.threat.trace,
		})),
		...f.misses.map((m) => ({ threatId: m.threat.id, title: m.threat.title, file: f.file, function: m.threat.function, verdict: 'anchor-missing', reason: m.reason, message: m.message })),
	]);
}
