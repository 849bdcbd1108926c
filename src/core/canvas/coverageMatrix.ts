import type { StpaGraph, StpaNode } from '../store/schemas/stpaGraph';
import type { TraceGraph } from '../store/traceGraph';

export interface CoverageMatrix {
	readonly requirements: StpaNode[];
	readonly mitigations: StpaNode[];
	/** `requirementId mitigationId` for every mitigation that traces to the requirement. */
	readonly covered: ReadonlySet<string>;
	readonly uncoveredRequirements: string[];
	readonly untracedMitigations: string[];
}

export const coverageKey = (requirement: string, mitigation: string): string => `${requirement} ${mitigation}`;

/** Stakeholder requirements × mitigations: which mitigation serves which requirement, and the gaps. */
export function coverageMatrix(graph: StpaGraph, traces: TraceGraph): CoverageMatrix {
	const requirements = graph.nodes.filter((n) => n.kind === 'stakeholderRequirement');
	const mitigations = graph.nodes.filter((n) => n.kind === 'mitigation');
	const covered = new Set<string>();
	const reached = new Set<string>();
	const untracedMitigations: string[] = [];
	for (const m of mitigations) {
		const result = traces.traceToRequirements(m.id);
		if (result.requirements.length === 0) {
			untracedMitigations.push(m.id);
		}
		for (const r of result.requirements) {
			covered.add(coverageKey(r, m.id));
			reached.add(r);
		}
	}
	return {
		requirements,
		mitigations,
		covered,
		uncoveredRequirements: requirements.filter((r) => !reached.has(r.id)).map((r) => r.id),
		untracedMitigations,
	};
}
