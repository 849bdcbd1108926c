import { NODE_KINDS, type NodeKind, type StpaGraph } from '../schemas/stpaGraph';
import { TraceGraph } from '../traceGraph';

/** Which part of a graph to export. Every given criterion must hold (they intersect). */
export interface GraphFilter {
	/** Keep only nodes of these kinds. */
	readonly kinds?: readonly NodeKind[];
	/** Keep only the trace of this node to the stakeholder requirements (what the canvas highlights). */
	readonly traceFrom?: string;
	/** Keep only this node and everything below it (its impact set). */
	readonly impactOf?: string;
}

/** The part of a graph made of the given nodes and the edges between them. */
export function subgraph(graph: StpaGraph, nodeIds: Iterable<string>): StpaGraph {
	const keep = new Set(nodeIds);
	return {
		...graph,
		nodes: graph.nodes.filter((n) => keep.has(n.id)),
		edges: graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
	};
}

/** Applies a filter; unknown kinds or node ids are errors, never an empty export. */
export function filterGraph(graph: StpaGraph, filter: GraphFilter): StpaGraph {
	let keep = new Set(graph.nodes.map((n) => n.id));
	const index = new TraceGraph(graph);
	if (filter.kinds) {
		const bad = filter.kinds.filter((k) => !NODE_KINDS.includes(k));
		if (bad.length > 0) {
			throw new Error(`unknown node kind ${bad.join(', ')}; kinds are ${NODE_KINDS.join(', ')}`);
		}
		const kinds = new Set(filter.kinds);
		keep = new Set([...keep].filter((id) => kinds.has(index.kindOf(id)!)));
	}
	for (const [what, id] of [['trace', filter.traceFrom], ['impact', filter.impactOf]] as const) {
		if (id === undefined) {
			continue;
		}
		if (!index.nodes.has(id)) {
			throw new Error(`${what} filter: unknown node ${id}`);
		}
		const ids = what === 'trace' ? index.traceToRequirements(id).nodeIds : [id, ...index.impactOf(id)];
		const set = new Set(ids);
		keep = new Set([...keep].filter((n) => set.has(n)));
	}
	return subgraph(graph, keep);
}

/**
 * Parses the command-line form: `kind:threat,mitigation`, `trace:M-1` or `impact:H-2`.
 * Several filters combine into one.
 */
export function parseGraphFilters(specs: readonly string[]): GraphFilter {
	const out: { kinds?: NodeKind[]; traceFrom?: string; impactOf?: string } = {};
	for (const spec of specs) {
		const m = /^(kind|kinds|trace|impact):(.+)$/.exec(spec.trim());
		if (!m) {
			throw new Error(`bad filter '${spec}': use kind:<kind>[,<kind>…], trace:<node id> or impact:<node id>`);
		}
		const value = m[2]!.trim();
		if (m[1] === 'trace') {
			out.traceFrom = value;
		} else if (m[1] === 'impact') {
			out.impactOf = value;
		} else {
			out.kinds = [...(out.kinds ?? []), ...(value.split(',').map((k) => k.trim()) as NodeKind[])];
		}
	}
	return out;
}
