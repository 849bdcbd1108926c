import type { CanvasEdit } from '../protocol/canvasMessages';
import { EDGE_KINDS, EDGE_RULES, type EdgeKind, edgeKey, NODE_ID_PREFIXES, type NodeKind, type StpaEdge, type StpaGraph, type StpaNode } from '../store/schemas/stpaGraph';

/**
 * Applies edits to a copy of the graph. The result is not validated here: the store validates
 * every version it writes, and rejects an edit that breaks the schema.
 */
export function applyEdits(graph: StpaGraph, edits: readonly CanvasEdit[]): StpaGraph {
	let nodes = [...graph.nodes];
	let edges = [...graph.edges];
	for (const edit of edits) {
		switch (edit.op) {
			case 'updateNode': {
				const i = nodes.findIndex((n) => n.id === edit.id);
				if (i < 0) {
					throw new Error(`unknown node ${edit.id}`);
				}
				const next: Record<string, unknown> = { ...nodes[i] };
				for (const [key, value] of Object.entries(edit.fields)) {
					if (key === 'id' || key === 'kind') {
						throw new Error(`the ${key} of ${edit.id} cannot be edited`);
					}
					if (value === null || value === '') {
						delete next[key];
					} else {
						next[key] = value;
					}
				}
				nodes[i] = next as StpaNode;
				break;
			}
			case 'addNode':
				if (nodes.some((n) => n.id === edit.node.id)) {
					throw new Error(`node ${edit.node.id} already exists`);
				}
				nodes.push(edit.node);
				break;
			case 'deleteNode':
				nodes = nodes.filter((n) => n.id !== edit.id);
				edges = edges.filter((e) => e.source !== edit.id && e.target !== edit.id);
				break;
			case 'addEdge':
				if (edges.some((e) => edgeKey(e) === edgeKey(edit.edge))) {
					throw new Error(`relationship ${edgeKey(edit.edge)} already exists`);
				}
				edges.push(edit.edge);
				break;
			case 'removeEdge': {
				const key = edgeKey(edit.edge);
				edges = edges.filter((e) => edgeKey(e) !== key);
				break;
			}
		}
	}
	return { ...graph, nodes, edges };
}

/** The edits that take `edits` back, computed against the graph they apply to. */
export function invertEdits(graph: StpaGraph, edits: readonly CanvasEdit[]): CanvasEdit[] {
	const inverse: CanvasEdit[] = [];
	let current = graph;
	for (const edit of edits) {
		switch (edit.op) {
			case 'updateNode': {
				const before = current.nodes.find((n) => n.id === edit.id) as Record<string, unknown> | undefined;
				const fields: Record<string, string | number | string[] | Record<string, unknown> | null> = {};
				for (const key of Object.keys(edit.fields)) {
					fields[key] = (before?.[key] as string | number | string[] | Record<string, unknown> | undefined) ?? null;
				}
				inverse.unshift({ op: 'updateNode', id: edit.id, fields });
				break;
			}
			case 'addNode':
				inverse.unshift({ op: 'deleteNode', id: edit.node.id });
				break;
			case 'deleteNode': {
				const node = current.nodes.find((n) => n.id === edit.id);
				const touching = current.edges.filter((e) => e.source === edit.id || e.target === edit.id);
				inverse.unshift(...(node ? [{ op: 'addNode' as const, node }] : []), ...touching.map((edge) => ({ op: 'addEdge' as const, edge })));
				break;
			}
			case 'addEdge':
				inverse.unshift({ op: 'removeEdge', edge: edit.edge });
				break;
			case 'removeEdge':
				inverse.unshift({ op: 'addEdge', edge: edit.edge });
				break;
		}
		current = applyEdits(current, [edit]);
	}
	return inverse;
}

/** Moves a relationship to a new target: one removal and one addition, written as one version. */
export function retargetEdge(edge: StpaEdge, target: string): CanvasEdit[] {
	return [
		{ op: 'removeEdge', edge },
		{ op: 'addEdge', edge: { ...edge, target } },
	];
}

/** The next free stable id for a kind: `M-5` after `M-4`. */
export function nextNodeId(graph: StpaGraph, kind: NodeKind): string {
	const prefix = NODE_ID_PREFIXES[kind][0];
	let max = 0;
	for (const n of graph.nodes) {
		const m = new RegExp(`^${prefix}-([0-9]+)`).exec(n.id);
		if (m && n.kind === kind) {
			max = Math.max(max, Number(m[1]));
		}
	}
	return `${prefix}-${max + 1}`;
}

/** Relationship kinds a node of `from` may have toward a node of `to`. */
export function allowedEdgeKinds(from: NodeKind, to?: NodeKind): EdgeKind[] {
	return EDGE_KINDS.filter((k) => (EDGE_RULES[k] as ReadonlyArray<readonly [NodeKind, NodeKind]>).some(([a, b]) => a === from && (to === undefined || b === to)));
}

/** Target kinds of relationship `kind` from a node of `from`. */
export function targetKinds(kind: EdgeKind, from: NodeKind): NodeKind[] {
	const rules = EDGE_RULES[kind] as ReadonlyArray<readonly [NodeKind, NodeKind]> | undefined;
	return (rules ?? []).filter(([a]) => a === from).map(([, b]) => b);
}

/** A new node of a kind with placeholder values for the fields its schema requires. */
export function newNode(graph: StpaGraph, kind: NodeKind, label: string): StpaNode {
	const id = nextNodeId(graph, kind);
	const firstOf = (k: NodeKind): string => graph.nodes.find((n) => n.kind === k)?.id ?? '';
	const anchor = { file: 'src/index.ts', function: 'main' };
	const extra: Record<NodeKind, Record<string, unknown>> = {
		stakeholder: {},
		stakeholderRequirement: {},
		loss: {},
		vulnerability: {},
		securityConstraint: {},
		controller: {},
		controlledProcess: {},
		controlAction: { from: firstOf('controller'), to: firstOf('controlledProcess') },
		feedback: { from: firstOf('controlledProcess'), to: firstOf('controller') },
		responsibility: {},
		unsecureControlAction: { ucaType: 'provided', context: 'when …' },
		controllerConstraint: {},
		lossScenario: { scenarioKind: 'a', causalFactor: 'to be described' },
		threat: { stride: 'tampering', anchor, vector: 'to be described', requiredProtection: 'to be described', status: 'open' },
		mitigation: { status: 'proposed' },
		finding: { ruleId: 'manual', uri: anchor.file, startLine: 1 },
		codeElement: { file: anchor.file },
	};
	return { id, kind, label, ...extra[kind] } as StpaNode;
}
