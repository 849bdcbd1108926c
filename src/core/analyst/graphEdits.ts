// Edits of the STPA-Sec graph as pure functions: each returns a new graph (the input is never
// changed) or throws a GraphEditError whose message tells the caller — a user or a model — what
// to do instead. New ids follow the kind's prefix (`L-4` after `L-3`); edges must follow the
// store's edge rules; the result is validated against the graph schema before it is returned.
import { nextNodeId } from '../canvas/graphEdits';
import { EDGE_RULES, edgeKey, isAllowedEdge, stpaGraphSchema, stpaNodeSchema, type EdgeKind, type NodeKind, type StpaEdge, type StpaGraph, type StpaNode } from '../store/schemas/stpaGraph';

export class GraphEditError extends Error {}

export type GraphEdit =
	| { op: 'addNode'; kind: NodeKind; label: string; description?: string; fields?: Record<string, unknown>; links?: Array<{ kind: EdgeKind; to: string }> }
	| { op: 'updateNode'; id: string; label?: string; description?: string; fields?: Record<string, unknown> }
	| { op: 'deleteNode'; id: string }
	| { op: 'addEdge'; kind: EdgeKind; source: string; target: string; label?: string }
	| { op: 'removeEdge'; kind: EdgeKind; source: string; target: string };

export interface EditOutcome {
	graph: StpaGraph;
	/** What changed, for the version message and the model: `added L-4`, `added L-4 -violates-> SR-2`. */
	changes: string[];
	/** The id of a node the edit created. */
	createdId?: string;
}

const immutableFields = new Set(['id', 'kind']);

export { nextNodeId };

function nodeOf(graph: StpaGraph, id: string): StpaNode {
	const node = graph.nodes.find((n) => n.id === id);
	if (!node) {
		throw new GraphEditError(`There is no node ${id} in the analysis. Read the analysis to find the right id.`);
	}
	return node;
}

function checkEdge(graph: StpaGraph, kind: EdgeKind, source: string, target: string): void {
	const from = nodeOf(graph, source);
	const to = nodeOf(graph, target);
	if (!isAllowedEdge(kind, from.kind, to.kind)) {
		const allowed = (EDGE_RULES[kind] as ReadonlyArray<readonly [NodeKind, NodeKind]>).map(([a, b]) => `${a} → ${b}`).join(', ');
		throw new GraphEditError(`A "${kind}" edge cannot go from ${source} (${from.kind}) to ${target} (${to.kind}); it connects ${allowed}.`);
	}
	if (graph.edges.some((e) => edgeKey(e) === edgeKey({ kind, source, target }))) {
		throw new GraphEditError(`The edge ${edgeKey({ kind, source, target })} already exists.`);
	}
}

function validNode(candidate: Record<string, unknown>): StpaNode {
	const parsed = stpaNodeSchema.safeParse(candidate);
	if (!parsed.success) {
		throw new GraphEditError(`The ${String(candidate.kind)} node is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'node'}: ${i.message}`).join('; ')}`);
	}
	return parsed.data;
}

function validGraph(graph: StpaGraph): StpaGraph {
	const parsed = stpaGraphSchema.safeParse(graph);
	if (!parsed.success) {
		throw new GraphEditError(`The edit would make the analysis invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
	}
	return parsed.data;
}

export function applyGraphEdit(graph: StpaGraph, edit: GraphEdit): EditOutcome {
	switch (edit.op) {
		case 'addNode': {
			const id = nextNodeId(graph, edit.kind);
			const fields = Object.fromEntries(Object.entries(edit.fields ?? {}).filter(([k]) => !immutableFields.has(k) && k !== 'label' && k !== 'description'));
			const node = validNode({ ...fields, id, kind: edit.kind, label: edit.label, ...(edit.description ? { description: edit.description } : {}) });
			let next: StpaGraph = { ...graph, nodes: [...graph.nodes, node], edges: [...graph.edges] };
			const changes = [`added ${id} (${edit.kind}) "${edit.label}"`];
			for (const link of edit.links ?? []) {
				const target = nodeOf(next, link.to);
				const [source, dest] = isAllowedEdge(link.kind, node.kind, target.kind) ? [id, link.to] : [link.to, id];
				checkEdge(next, link.kind, source, dest);
				next = { ...next, edges: [...next.edges, { kind: link.kind, source, target: dest }] };
				changes.push(`added ${edgeKey({ kind: link.kind, source, target: dest })}`);
			}
			return { graph: validGraph(next), changes, createdId: id };
		}
		case 'updateNode': {
			const current = nodeOf(graph, edit.id);
			const fields = Object.fromEntries(Object.entries(edit.fields ?? {}).filter(([k]) => !immutableFields.has(k)));
			const updated = validNode({ ...current, ...fields, ...(edit.label !== undefined ? { label: edit.label } : {}), ...(edit.description !== undefined ? { description: edit.description } : {}) });
			const changed = Object.keys({ ...fields, ...(edit.label !== undefined ? { label: 1 } : {}), ...(edit.description !== undefined ? { description: 1 } : {}) });
			return { graph: validGraph({ ...graph, nodes: graph.nodes.map((n) => (n.id === edit.id ? updated : n)) }), changes: [`updated ${edit.id}: ${changed.join(', ') || 'nothing'}`] };
		}
		case 'deleteNode': {
			nodeOf(graph, edit.id);
			const dropped = graph.edges.filter((e) => e.source === edit.id || e.target === edit.id);
			const next = { ...graph, nodes: graph.nodes.filter((n) => n.id !== edit.id), edges: graph.edges.filter((e) => e.source !== edit.id && e.target !== edit.id) };
			return { graph: validGraph(next), changes: [`deleted ${edit.id}`, ...dropped.map((e) => `removed ${edgeKey(e)}`)] };
		}
		case 'addEdge': {
			checkEdge(graph, edit.kind, edit.source, edit.target);
			const edge: StpaEdge = { kind: edit.kind, source: edit.source, target: edit.target, ...(edit.label ? { label: edit.label } : {}) };
			return { graph: validGraph({ ...graph, edges: [...graph.edges, edge] }), changes: [`added ${edgeKey(edge)}`] };
		}
		case 'removeEdge': {
			const key = edgeKey(edit);
			if (!graph.edges.some((e) => edgeKey(e) === key)) {
				throw new GraphEditError(`There is no edge ${key}.`);
			}
			return { graph: validGraph({ ...graph, edges: graph.edges.filter((e) => edgeKey(e) !== key) }), changes: [`removed ${key}`] };
		}
	}
}
