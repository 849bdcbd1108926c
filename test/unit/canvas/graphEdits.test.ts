import * as assert from 'node:assert/strict';
import { allowedEdgeKinds, applyEdits, invertEdits, newNode, nextNodeId, retargetEdge } from '../../../src/core/canvas/graphEdits';
import { UndoStack } from '../../../src/core/canvas/undoStack';
import type { CanvasEdit } from '../../../src/core/protocol/canvasMessages';
import { canonicalJson } from '../../../src/core/store/canonicalJson';
import { edgeKey, NODE_KINDS, type StpaGraph, stpaGraphSchema } from '../../../src/core/store/schemas/stpaGraph';
import { shopfront } from './fixture';

describe('canvas: graph edits and undo', () => {
	const graph = shopfront();
	/** Node and relationship order carries no meaning: compare sorted. */
	const normal = (g: StpaGraph) => canonicalJson({ ...g, nodes: [...g.nodes].sort((a, b) => a.id.localeCompare(b.id)), edges: [...g.edges].sort((a, b) => edgeKey(a).localeCompare(edgeKey(b))) });

	const cases: Array<[string, CanvasEdit[]]> = [
		['label', [{ op: 'updateNode', id: 'M-2', fields: { label: 'Rate limiter' } }]],
		['clear optional field', [{ op: 'updateNode', id: 'M-1', fields: { anchor: null } }]],
		['add node and link it', [{ op: 'addNode', node: newNode(graph, 'mitigation', 'New') }, { op: 'addEdge', edge: { kind: 'implements', source: nextNodeId(graph, 'mitigation'), target: 'SC-1' } }]],
		['delete a node with its relationships', [{ op: 'deleteNode', id: 'CC-1' }]],
		['retarget', retargetEdge(graph.edges.find((e) => e.source === 'M-1' && e.kind === 'mitigates')!, 'T-2')],
	];
	for (const [name, edits] of cases) {
		it(`${name}: the inverse edits restore the graph exactly`, () => {
			const after = applyEdits(graph, edits);
			assert.notEqual(canonicalJson(after), canonicalJson(graph));
			assert.ok(stpaGraphSchema.safeParse(after).success, 'the edit keeps the graph valid');
			assert.equal(normal(applyEdits(after, invertEdits(graph, edits))), normal(graph));
		});
	}

	it('deleting a node removes every relationship that touches it', () => {
		const after = applyEdits(graph, [{ op: 'deleteNode', id: 'CC-1' }]);
		assert.ok(!after.nodes.some((n) => n.id === 'CC-1'));
		assert.ok(!after.edges.some((e) => e.source === 'CC-1' || e.target === 'CC-1'));
	});

	it('refuses a duplicate relationship, an unknown node and editing an id', () => {
		const existing = graph.edges[0]!;
		assert.throws(() => applyEdits(graph, [{ op: 'addEdge', edge: existing }]), /already exists/);
		assert.throws(() => applyEdits(graph, [{ op: 'updateNode', id: 'M-99', fields: { label: 'x' } }]), /unknown node/);
		assert.throws(() => applyEdits(graph, [{ op: 'updateNode', id: 'M-1', fields: { id: 'M-7' } }]), /cannot be edited/);
	});

	it('makes new nodes of every kind with the next free id and the fields their schema requires', () => {
		assert.equal(nextNodeId(graph, 'mitigation'), `M-${Math.max(...graph.nodes.filter((n) => n.kind === 'mitigation').map((n) => Number(n.id.slice(2)))) + 1}`);
		for (const kind of NODE_KINDS) {
			const node = newNode(graph, kind, 'x');
			const result = stpaGraphSchema.safeParse({ ...graph, nodes: [...graph.nodes, node] });
			assert.ok(result.success, `${kind}: ${JSON.stringify(!result.success && result.error.issues)}`);
		}
	});

	it('lists the relationship kinds a node may start', () => {
		assert.deepEqual(allowedEdgeKinds('mitigation').sort(), ['implements', 'locatedIn', 'mitigates']);
		assert.deepEqual(allowedEdgeKinds('mitigation', 'threat'), ['mitigates']);
		assert.deepEqual(allowedEdgeKinds('stakeholder'), []);
	});

	it('undo gives the inverse, redo the original, a new step clears redo', () => {
		const stack = new UndoStack();
		const forward: CanvasEdit[] = [{ op: 'deleteNode', id: 'M-4' }];
		stack.push({ message: 'Delete M-4', forward, inverse: invertEdits(graph, forward) });
		const undo = stack.undo()!;
		assert.equal(undo.message, 'Undo: Delete M-4');
		assert.equal(undo.edits[0]!.op, 'addNode');
		assert.deepEqual(stack.redo()!.edits, forward);
		stack.undo();
		stack.push({ message: 'other', forward, inverse: [] });
		assert.equal(stack.canRedo, false);
		assert.equal(stack.undo()!.message, 'Undo: other');
		assert.equal(stack.undo(), undefined);
	});
});
