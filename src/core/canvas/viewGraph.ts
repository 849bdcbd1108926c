import type { TraceGraph } from '../store/traceGraph';
import { type EdgeKind, edgeKey, type StpaGraph, type StpaNode } from '../store/schemas/stpaGraph';

/** An edge as a view draws it: a stored relationship, or a control/feedback link of the control structure. */
export interface ViewEdge {
	readonly key: string;
	readonly source: string;
	readonly target: string;
	readonly kind: EdgeKind | 'controls' | 'feedsBack';
}

export interface ViewGraph {
	readonly nodes: StpaNode[];
	readonly edges: ViewEdge[];
	/** Where edges point in the layout: UP puts a relationship's target above its source. */
	readonly direction: 'UP' | 'DOWN';
}

const toViewEdge = (e: StpaGraph['edges'][number]): ViewEdge => ({ key: edgeKey(e), source: e.source, target: e.target, kind: e.kind });

/** The whole graph, refining elements below what they refine. */
export function fullView(graph: StpaGraph): ViewGraph {
	return { nodes: graph.nodes, edges: graph.edges.map(toViewEdge), direction: 'UP' };
}

const STRUCTURE_KINDS = new Set(['controller', 'controlledProcess', 'controlAction', 'feedback', 'responsibility']);

/** Controllers above the processes they control: control actions go down, feedback comes up. */
export function controlStructureView(graph: StpaGraph): ViewGraph {
	const nodes = graph.nodes.filter((n) => STRUCTURE_KINDS.has(n.kind));
	const ids = new Set(nodes.map((n) => n.id));
	const edges: ViewEdge[] = [];
	for (const n of nodes) {
		if (n.kind === 'controlAction' || n.kind === 'feedback') {
			const kind = n.kind === 'controlAction' ? 'controls' : 'feedsBack';
			if (ids.has(n.from)) {
				edges.push({ key: `${n.from} -${kind}-> ${n.id}`, source: n.from, target: n.id, kind });
			}
			if (ids.has(n.to)) {
				edges.push({ key: `${n.id} -${kind}-> ${n.to}`, source: n.id, target: n.to, kind });
			}
		}
	}
	for (const e of graph.edges) {
		if (e.kind === 'assignedTo' && ids.has(e.source) && ids.has(e.target)) {
			// Drawn from the controller down to its responsibility.
			edges.push({ key: edgeKey(e), source: e.target, target: e.source, kind: e.kind });
		}
	}
	return { nodes, edges, direction: 'DOWN' };
}

/**
 * The mind map of one node: everything it traces up to, everything that depends on it, and its
 * direct neighbours.
 */
export function traceView(graph: StpaGraph, traces: TraceGraph, centre: string | undefined): ViewGraph {
	if (!centre || !traces.nodes.has(centre)) {
		return { nodes: [], edges: [], direction: 'UP' };
	}
	const keep = new Set<string>([centre, ...traces.traceToRequirements(centre).nodeIds, ...traces.impactOf(centre)]);
	for (const e of graph.edges) {
		if (e.source === centre) {
			keep.add(e.target);
		} else if (e.target === centre) {
			keep.add(e.source);
		}
	}
	return {
		nodes: graph.nodes.filter((n) => keep.has(n.id)),
		edges: graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target)).map(toViewEdge),
		direction: 'UP',
	};
}

/** Nodes whose id or label contains the query (case-insensitive), ids first. */
export function searchNodes(nodes: readonly StpaNode[], query: string, limit = 20): StpaNode[] {
	const q = query.trim().toLowerCase();
	if (!q) {
		return [];
	}
	const byId = nodes.filter((n) => n.id.toLowerCase().startsWith(q));
	const rest = nodes.filter((n) => !n.id.toLowerCase().startsWith(q) && (n.id.toLowerCase().includes(q) || n.label.toLowerCase().includes(q)));
	return [...byId, ...rest].slice(0, limit);
}
