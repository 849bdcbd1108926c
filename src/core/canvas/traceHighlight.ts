import type { NodeKind } from '../store/schemas/stpaGraph';
import { edgeKey } from '../store/schemas/stpaGraph';
import type { TraceGraph } from '../store/traceGraph';

export interface TraceHighlight {
	readonly start: string;
	/** Every node on an upward path (start, requirements and stakeholders included). */
	readonly nodeIds: ReadonlySet<string>;
	readonly edgeKeys: ReadonlySet<string>;
	/** One line per path, `M-1 → CC-1 → … → SR-1`. */
	readonly breadcrumbs: ReadonlyArray<readonly string[]>;
	readonly requirements: readonly string[];
	/** Set when the node should reach a requirement but does not. */
	readonly warning?: string;
}

const TOP_KINDS: ReadonlySet<NodeKind> = new Set(['stakeholder', 'stakeholderRequirement']);

/** "Show trace to stakeholder requirements": what to highlight, from the store's trace query. */
export function traceHighlight(traces: TraceGraph, start: string): TraceHighlight {
	const result = traces.traceToRequirements(start);
	const kind = traces.kindOf(start);
	let warning: string | undefined;
	if (result.paths.length === 0 && kind && !TOP_KINDS.has(kind)) {
		warning =
			kind === 'mitigation'
				? `${start} traces to no stakeholder requirement: nothing says why this mitigation exists.`
				: `${start} has no path to a stakeholder requirement.`;
	}
	return {
		start,
		nodeIds: new Set(result.nodeIds),
		edgeKeys: new Set(result.edges.map(edgeKey)),
		breadcrumbs: result.paths.map((p) => p.nodes),
		requirements: result.requirements,
		warning: warning ?? (result.truncated ? `Only the first ${result.paths.length} paths are listed.` : undefined),
	};
}
