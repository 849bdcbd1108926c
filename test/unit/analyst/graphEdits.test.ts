import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyGraphEdit, GraphEditError, nextNodeId } from '../../../src/core/analyst/graphEdits';
import type { StpaGraph } from '../../../src/core/store/schemas';
import { repoRoot } from '../../support/fixtureCorpus';

const example = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'store', 'shopfront.stpa-sec.json'), 'utf8')) as StpaGraph;
const frozen = JSON.stringify(example);

describe('STPA-Sec graph edits', () => {
	afterEach(() => assert.equal(JSON.stringify(example), frozen, 'the input graph is never changed'));

	it('assigns the next id of the kind', () => {
		const losses = example.nodes.filter((n) => n.kind === 'loss').map((n) => Number(n.id.split('-')[1]));
		assert.equal(nextNodeId(example, 'loss'), `L-${Math.max(...losses) + 1}`);
		assert.equal(nextNodeId({ schemaVersion: example.schemaVersion, nodes: [], edges: [] }, 'unsecureControlAction'), 'UCA-1');
	});

	it('adds a node with links in the direction the edge rules give, whichever way the link is named', () => {
		const out = applyGraphEdit(example, { op: 'addNode', kind: 'loss', label: 'Leaked payment data', links: [{ kind: 'violates', to: 'SR-2' }, { kind: 'leadsTo', to: 'H-1' }] });
		const id = out.createdId!;
		assert.ok(out.graph.edges.some((e) => e.kind === 'violates' && e.source === id && e.target === 'SR-2'));
		assert.ok(out.graph.edges.some((e) => e.kind === 'leadsTo' && e.source === 'H-1' && e.target === id));
		assert.equal(out.graph.nodes.length, example.nodes.length + 1);
	});

	it('refuses invalid fields, unknown nodes, forbidden and duplicate edges with actionable messages', () => {
		assert.throws(() => applyGraphEdit(example, { op: 'addNode', kind: 'threat', label: 'T without fields' }), (e: unknown) => e instanceof GraphEditError && /threat node is not valid: .*stride/.test(e.message));
		assert.throws(() => applyGraphEdit(example, { op: 'deleteNode', id: 'L-999' }), /no node L-999/);
		assert.throws(() => applyGraphEdit(example, { op: 'addEdge', kind: 'mitigates', source: 'SR-1', target: 'L-1' }), /cannot go from SR-1/);
		const existing = example.edges[0]!;
		assert.throws(() => applyGraphEdit(example, { op: 'addEdge', kind: existing.kind, source: existing.source, target: existing.target }), /already exists/);
		assert.throws(() => applyGraphEdit(example, { op: 'updateNode', id: 'SR-1', label: '' }), /not valid/);
	});

	it('updates fields but never the id or kind', () => {
		const out = applyGraphEdit(example, { op: 'updateNode', id: 'M-1', label: 'Renamed', fields: { id: 'M-99', kind: 'loss' } });
		const node = out.graph.nodes.find((n) => n.id === 'M-1');
		assert.equal(node?.label, 'Renamed');
		assert.equal(node?.kind, 'mitigation');
	});

	it('deletes a node with every edge touching it, and removes single edges', () => {
		const touching = example.edges.filter((e) => e.source === 'UCA-1' || e.target === 'UCA-1').length;
		const out = applyGraphEdit(example, { op: 'deleteNode', id: 'UCA-1' });
		assert.equal(out.graph.edges.length, example.edges.length - touching);
		assert.equal(out.changes.length, 1 + touching);
		const edge = example.edges[0]!;
		assert.equal(applyGraphEdit(example, { op: 'removeEdge', ...edge }).graph.edges.length, example.edges.length - 1);
		assert.throws(() => applyGraphEdit(example, { op: 'removeEdge', kind: 'violates', source: 'L-1', target: 'SH-1' }), /no edge/);
	});
});
