// Merging threats found along several invocation chains (or several passes) of one project.
// Two threats are the same only when they share function, CWE *and* attack vector (after folding
// case, punctuation and spacing); the same CWE through a different vector stays a separate threat
// (the older pipeline deduplicated by CWE alone and lost them).
import type { StrideCategory } from '../store/schemas/common';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface ThreatDraft {
	file: string;
	function: string;
	title: string;
	cwe: string;
	stride: StrideCategory;
	vector: string;
	requiredProtection: string;
	severity: Severity;
}

const severityRank: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export const foldText = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

export function threatKey(t: ThreatDraft): string {
	return [t.file, t.function, t.cwe.toUpperCase(), foldText(t.vector)].join('|');
}

/** Threats in first-seen order, duplicates folded: highest severity kept, distinct protections joined. */
export function mergeThreats(groups: ReadonlyArray<readonly ThreatDraft[]>): ThreatDraft[] {
	const merged = new Map<string, ThreatDraft>();
	for (const group of groups) {
		for (const threat of group) {
			const key = threatKey(threat);
			const existing = merged.get(key);
			if (!existing) {
				merged.set(key, { ...threat });
				continue;
			}
			if (severityRank[threat.severity] > severityRank[existing.severity]) {
				existing.severity = threat.severity;
			}
			if (!foldText(existing.requiredProtection).includes(foldText(threat.requiredProtection))) {
				existing.requiredProtection = `${existing.requiredProtection}; ${threat.requiredProtection}`;
			}
		}
	}
	return [...merged.values()];
}
