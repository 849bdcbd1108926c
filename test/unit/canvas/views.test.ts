import * as assert from 'node:assert/strict';
import { coverageKey, coverageMatrix } from '../../../src/core/canvas/coverageMatrix';
import { layeredLayout } from '../../../src/core/canvas/layeredLayout';
import { codeLocation, fieldChanges, fieldText } from '../../../src/core/canvas/nodeFields';
import { escapeSvgText, svgSnapshot } from '../../../src/core/canvas/svgSnapshot';
import { filterThreatRows, sortThreatRows, threatRows } from '../../../src/core/canvas/threatTable';
import { traceHighlight } from '../../../src/core/canvas/traceHighlight';
import { ucaTable } from '../../../src/core/canvas/ucaTable';
import { controlStructureView, searchNodes, traceView } from '../../../src/core/canvas/viewGraph';
import { parseCanvasToHostMessage } from '../../../src/core/protocol/canvasMessages';
import { TraceGraph } from '../../../src/core/store/traceGraph';
import { shopfront } from './fixture';

describe('canvas: views of the graph', () => {
	const graph = shopfront();
	const traces = new TraceGraph(graph);

	it('trace highlight: the store query’s nodes and edges, one breadcrumb per path, no warning', () => {
		const h = traceHighlight(traces, 'M-1');
		const t = traces.traceToRequirements('M-1');
		assert.deepEqual([...h.nodeIds].sort(), [...t.nodeIds].sort());
		assert.equal(h.breadcrumbs.length, t.paths.length);
		assert.ok(h.breadcrumbs.every((p) => p[0] === 'M-1' && p.at(-1)!.startsWith('SR-')));
		assert.equal(h.warning, undefined);
		assert.ok(h.edgeKeys.has('M-1 -implements-> CC-1'));
	});

	it('trace highlight warns for a mitigation with no path', () => {
		const h = traceHighlight(traces, 'M-4');
		assert.match(h.warning ?? '', /M-4 traces to no stakeholder requirement/);
		assert.deepEqual([...h.nodeIds], ['M-4']);
		assert.equal(traceHighlight(traces, 'SH-1').warning, undefined, 'a stakeholder needs no path');
	});

	it('control structure: controllers, processes, actions down, feedback up', () => {
		const v = controlStructureView(graph);
		const kinds = new Set(v.nodes.map((n) => n.kind));
		assert.deepEqual([...kinds].sort(), ['controlAction', 'controlledProcess', 'controller', 'feedback', 'responsibility']);
		assert.ok(v.edges.some((e) => e.source === 'C-1' && e.target === 'CA-1' && e.kind === 'controls'));
		assert.ok(v.edges.some((e) => e.source === 'CA-1' && e.target === 'P-1'));
		assert.ok(v.edges.some((e) => e.source === 'P-1' && e.target === 'FB-1' && e.kind === 'feedsBack'));
	});

	it('trace view: the centre, what it traces to, what depends on it', () => {
		const v = traceView(graph, traces, 'UCA-1');
		const ids = new Set(v.nodes.map((n) => n.id));
		for (const id of ['UCA-1', 'H-2', 'SR-1', 'CC-1', 'M-1', 'LS-1', 'CA-1']) {
			assert.ok(ids.has(id), id);
		}
		assert.ok(!ids.has('M-3'));
		assert.deepEqual(traceView(graph, traces, undefined).nodes, []);
	});

	it('threat table sorts numerically and filters by text and status', () => {
		const rows = threatRows(graph);
		assert.ok(rows.find((r) => r.id === 'T-1')!.mitigations.includes('M-1'));
		const ids = sortThreatRows(rows, 'id', false).map((r) => r.id);
		assert.deepEqual(ids, [...ids].sort((a, b) => Number(a.slice(2)) - Number(b.slice(2))));
		assert.deepEqual(sortThreatRows(rows, 'id', true).map((r) => r.id), [...ids].reverse());
		assert.deepEqual(filterThreatRows(rows, 'session').map((r) => r.id), ['T-3']);
		assert.ok(filterThreatRows(rows, '', 'open').every((r) => r.status === 'open'));
	});

	it('UCA table: control action × type', () => {
		const rows = ucaTable(graph);
		const ca1 = rows.find((r) => r.controlAction?.id === 'CA-1')!;
		assert.deepEqual(ca1.cells.provided.map((u) => u.id), ['UCA-1']);
		assert.equal(rows.flatMap((r) => Object.values(r.cells).flat()).length, graph.nodes.filter((n) => n.kind === 'unsecureControlAction').length);
	});

	it('coverage matrix: which mitigation serves which requirement, and the gaps', () => {
		const m = coverageMatrix(graph, traces);
		assert.ok(m.covered.has(coverageKey('SR-1', 'M-1')));
		assert.ok(m.covered.has(coverageKey('SR-2', 'M-1')));
		assert.ok(!m.covered.has(coverageKey('SR-1', 'M-4')));
		assert.ok(m.untracedMitigations.includes('M-4'));
		assert.ok(m.uncoveredRequirements.includes('SR-3'));
	});

	it('search finds ids first, then labels', () => {
		assert.equal(searchNodes(graph.nodes, 'm-1')[0]!.id, 'M-1');
		assert.ok(searchNodes(graph.nodes, 'session').some((n) => n.id === 'T-3'));
		assert.deepEqual(searchNodes(graph.nodes, '  '), []);
	});

	it('node fields: text in, typed changes out, nested anchors kept whole', () => {
		const m1 = graph.nodes.find((n) => n.id === 'M-1')!;
		assert.equal(fieldText(m1, 'anchor.function'), 'login');
		assert.deepEqual(fieldChanges(m1, { label: m1.label, 'anchor.line': '40' }), { anchor: { ...(m1 as { anchor: object }).anchor, line: 40 } });
		assert.deepEqual(fieldChanges(m1, { description: '' }), {});
		assert.deepEqual(codeLocation(m1), { file: 'src/routes/auth.ts', line: 23, function: 'login' });
	});

	it('quick layered layout puts rows in layer order without overlaps', () => {
		const r = layeredLayout({ seq: 1, direction: 'UP', nodes: [0, 0, 1, 2].map((layer, i) => ({ id: `n${i}`, width: 100, height: 40, layer })), edges: [{ source: 'n2', target: 'n0' }] });
		assert.equal(r.positions.n0!.y, r.positions.n1!.y);
		assert.ok(r.positions.n2!.y > r.positions.n0!.y && r.positions.n3!.y > r.positions.n2!.y);
		assert.ok(Math.abs(r.positions.n0!.x - r.positions.n1!.x) >= 100);
	});

	it('SVG snapshot escapes every text', () => {
		const svg = svgSnapshot([{ id: 'M-1', text: '<script>x</script> & "q"', x: 0, y: 0, width: 10, height: 10, shape: 'rect', fill: '#fff', stroke: '#000', opacity: 1 }], [], '#fff', '#000', 'sans-serif');
		assert.ok(!svg.includes('<script>'));
		assert.ok(svg.includes(escapeSvgText('<script>x</script> & "q"')));
	});

	it('the host accepts only well-formed canvas messages', () => {
		assert.deepEqual(parseCanvasToHostMessage({ type: 'ready' }), { type: 'ready' });
		assert.equal(parseCanvasToHostMessage({ type: 'edit', edits: [], message: 'x', baseHead: null }), undefined, 'no empty edit');
		assert.equal(parseCanvasToHostMessage({ type: 'edit', edits: [{ op: 'addNode', node: { id: 'M-9', kind: 'mitigation', label: 'x' } }], message: 'x', baseHead: null }), undefined, 'a node must match its schema');
		assert.equal(parseCanvasToHostMessage({ type: 'export', format: 'exe' }), undefined);
		assert.equal(parseCanvasToHostMessage({ type: 'selectVersion', versionId: '../../etc' }), undefined);
		assert.equal(parseCanvasToHostMessage('ready'), undefined);
	});
});
