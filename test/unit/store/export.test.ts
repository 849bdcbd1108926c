import * as assert from 'node:assert/strict';
import { toDot } from '../../../src/core/store/export/dot';
import { toDrawio } from '../../../src/core/store/export/drawio';
import { toGraphml } from '../../../src/core/store/export/graphml';
import { toMermaid } from '../../../src/core/store/export/mermaid';
import { fromNativeJson, subgraph, toNativeJson } from '../../../src/core/store/export/native';
import { TraceGraph } from '../../../src/core/store/traceGraph';
import type { StpaGraph } from '../../../src/core/store/schemas';
import { stpaGraphSchema } from '../../../src/core/store/schemas';
import { findAll, loadShopfront, loadShopfrontLayout, parseXml } from './helpers';

const HOSTILE = `<script>alert("x&y")</script> 'q' #quot; \\n back\\slash\nline2 | [a] {b} (c) \`t\` -> ;`;

function hostileGraph(): StpaGraph {
	const g = structuredClone(loadShopfront());
	g.title = HOSTILE;
	for (const n of g.nodes) {
		if (n.id === 'M-1' || n.id === 'SH-1') {
			Object.assign(n, { label: HOSTILE, description: HOSTILE });
		}
	}
	g.edges[0] = { ...g.edges[0]!, label: HOSTILE };
	return stpaGraphSchema.parse(g);
}

describe('graph exports', () => {
	const graph = hostileGraph();
	const layout = loadShopfrontLayout();

	it('draw.io: well-formed XML, every node and edge, coordinates from the layout, labels intact', () => {
		const root = parseXml(toDrawio(graph, layout));
		assert.equal(root.name, 'mxfile');
		const cells = findAll(root, 'mxCell');
		const rootEl = findAll(root, 'root')[0]!;
		assert.equal(rootEl.children.length, cells.length, 'every mxCell is a direct child of root');
		const vertices = cells.filter((c) => c.attrs.vertex === '1');
		const edges = cells.filter((c) => c.attrs.edge === '1');
		assert.equal(vertices.length, graph.nodes.length);
		assert.equal(edges.length, graph.edges.length);
		const byValue = new Map(vertices.map((v) => [v.attrs.value, v]));
		for (const n of graph.nodes) {
			assert.ok(byValue.has(`${n.id}: ${n.label}`), n.id);
		}
		const ids = new Set(vertices.map((v) => v.attrs.id));
		for (const e of edges) {
			assert.ok(ids.has(e.attrs.source!) && ids.has(e.attrs.target!));
		}
		assert.equal(edges[0]!.attrs.value, `concerns: ${HOSTILE}`);
		for (const c of cells) {
			if (c.attrs.style) {
				assert.match(c.attrs.style, /html=0/);
			}
		}
		const geo = (id: string) => findAll(byValue.get(`${id}: ${graph.nodes.find((n) => n.id === id)!.label}`)!, 'mxGeometry')[0]!.attrs;
		assert.deepEqual([geo('SH-1').x, geo('SH-1').y], ['40', '20']);
		assert.deepEqual([geo('M-1').x, geo('M-1').y, geo('M-1').width, geo('M-1').height], ['40', '520', '200', '80']);
		const fallback = vertices.map((v) => `${findAll(v, 'mxGeometry')[0]!.attrs.x},${findAll(v, 'mxGeometry')[0]!.attrs.y}`).filter((p) => p !== '40,20' && p !== '40,520');
		assert.equal(new Set(fallback).size, fallback.length, 'fallback layout gives distinct positions');
		assert.equal(findAll(root, 'diagram')[0]!.attrs.name, HOSTILE);
	});

	it('draw.io without a layout lays out by kind, stakeholders on top', () => {
		const root = parseXml(toDrawio(graph));
		const ys = new Map(findAll(root, 'mxCell').filter((c) => c.attrs.vertex === '1').map((c) => [c.attrs.value!.split(':')[0]!, Number(findAll(c, 'mxGeometry')[0]!.attrs.y)]));
		assert.ok(ys.get('SH-2')! < ys.get('SR-1')! && ys.get('SR-1')! < ys.get('L-1')! && ys.get('T-1')! < ys.get('CE-1')!);
	});

	it('GraphML: well-formed XML with every node, edge and label', () => {
		const root = parseXml(toGraphml(graph));
		assert.equal(root.name, 'graphml');
		const nodes = findAll(root, 'node');
		const edges = findAll(root, 'edge');
		assert.equal(nodes.length, graph.nodes.length);
		assert.equal(edges.length, graph.edges.length);
		const m1 = nodes.find((n) => n.attrs.id === 'M-1')!;
		assert.equal(m1.children.find((d) => d.attrs.key === 'label')!.text, HOSTILE);
		assert.equal(m1.children.find((d) => d.attrs.key === 'description')!.text, HOSTILE);
		assert.equal(m1.children.find((d) => d.attrs.key === 'kind')!.text, 'mitigation');
		const ids = new Set(nodes.map((n) => n.attrs.id));
		for (const e of edges) {
			assert.ok(ids.has(e.attrs.source!) && ids.has(e.attrs.target!));
		}
		assert.equal(findAll(root, 'graph')[0]!.attrs.id, HOSTILE);
	});

	it('the XML escaper drops characters XML cannot hold', () => {
		const g = structuredClone(graph);
		g.nodes[0] = { ...g.nodes[0]!, label: 'a\u0000b\u0008c\uFFFEd' };
		const root = parseXml(toGraphml(g));
		assert.equal(findAll(root, 'data').find((d) => d.attrs.key === 'label')!.text, 'abcd');
	});

	it('DOT: tokenises, balances, declares every node and edge, and keeps labels', () => {
		const dot = toDot(graph);
		const tokens: string[] = [];
		const re = /\s+|"(?:[^"\\\n]|\\.)*"|->|[{}[\];,=]|[A-Za-z_][\w]*/y;
		for (let i = 0; i < dot.length; ) {
			re.lastIndex = i;
			const m = re.exec(dot);
			if (!m) {
				throw new Error(`bad DOT at ${i}: ${dot.slice(i, i + 20)}`);
			}
			if (!/^\s+$/.test(m[0])) {
				tokens.push(m[0]);
			}
			i = re.lastIndex;
		}
		assert.deepEqual(tokens.slice(0, 3), ['digraph', tokens[1], '{']);
		assert.equal(tokens.at(-1), '}');
		const unquote = (t: string): string => t.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
		const nodeIds = new Set<string>();
		const labels = new Map<string, string>();
		let edgeCount = 0;
		for (const s of tokens.slice(3, -1).reduce<string[][]>((acc, t) => (t === ';' ? [...acc, []] : (acc.at(-1)!.push(t), acc)), [[]]).filter((s) => s.length)) {
			if (s[0] === 'rankdir' || s[0] === 'node') {
				continue;
			}
			if (s[1] === '->') {
				edgeCount++;
				assert.ok(nodeIds.has(unquote(s[0]!)) && nodeIds.has(unquote(s[2]!)));
				continue;
			}
			assert.equal(s[1], '[');
			assert.equal(s.at(-1), ']');
			nodeIds.add(unquote(s[0]!));
			labels.set(unquote(s[0]!), unquote(s[s.indexOf('label') + 2]!));
		}
		assert.equal(nodeIds.size, graph.nodes.length);
		assert.equal(edgeCount, graph.edges.length);
		assert.equal(labels.get('M-1'), `M-1: ${HOSTILE}`);
		assert.equal(unquote(tokens[1]!), 'stpa_sec');
	});

	it('Mermaid: one line per node and edge, quoted labels with no raw quotes or markup', () => {
		const text = toMermaid(graph);
		const lines = text.trimEnd().split('\n');
		assert.equal(lines[0], 'flowchart BT');
		const nodeLines = lines.filter((l) => /^ {2}n\d+\[/.test(l));
		const edgeLines = lines.filter((l) => / -->\|/.test(l));
		const classLines = lines.filter((l) => l.startsWith('  classDef '));
		assert.equal(nodeLines.length, graph.nodes.length);
		assert.equal(edgeLines.length, graph.edges.length);
		assert.equal(nodeLines.length + edgeLines.length + classLines.length + 1, lines.length);
		const decode = (s: string): string =>
			s.replace(/<br\/>/g, '\n').replace(/#(quot|amp|lt|gt|\d+);/g, (_m, e: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>' })[e] ?? String.fromCharCode(Number(e)));
		for (const l of nodeLines) {
			const m = /^ {2}n\d+\["([^"]*)"\]:::[a-zA-Z]+$/.exec(l);
			assert.ok(m, `node line: ${l}`);
			assert.ok(!/[<>]/.test(m[1]!.replace(/<br\/>/g, '')), 'no raw markup');
		}
		for (const l of edgeLines) {
			assert.match(l, /^ {2}n\d+ -->\|"[^"|]*"\| n\d+$/);
		}
		const m1 = nodeLines.find((l) => decode(l).includes('M-1: '))!;
		assert.equal(decode(/\["([^"]*)"\]/.exec(m1)![1]!), `M-1: ${HOSTILE}`);
		assert.equal(decode(/\|"([^"]*)"\|/.exec(edgeLines[0]!)![1]!), `concerns: ${HOSTILE}`);
	});
});

describe('native JSON and filtered views', () => {
	it('native JSON export then import gives the same graph', () => {
		const graph = hostileGraph();
		const text = toNativeJson(graph);
		assert.deepEqual(fromNativeJson(text), graph);
		assert.equal(toNativeJson(fromNativeJson(text)), text);
	});

	it('importing broken native JSON gives a typed error naming the source', () => {
		assert.throws(() => fromNativeJson('{"schemaVersion": 1, "nodes": [', 'upload.json'), (e: Error & { code?: string }) => e.code === 'corruptFile' && /^upload\.json/.test(e.message));
		assert.throws(() => fromNativeJson('{"schemaVersion": 1, "nodes": [], "edges": [{"kind": "concerns", "source": "SR-1", "target": "SH-1"}]}', 'upload.json'), /unknown node SR-1/);
	});

	it('exports the trace of a mitigation as a filtered view', () => {
		const graph = loadShopfront();
		const trace = new TraceGraph(graph).traceToRequirements('M-1');
		const view = subgraph(graph, trace.nodeIds);
		assert.equal(view.nodes.length, trace.nodeIds.length);
		assert.ok(view.edges.every((e) => trace.nodeIds.includes(e.source) && trace.nodeIds.includes(e.target)));
		const root = parseXml(toGraphml(view));
		assert.equal(findAll(root, 'node').length, trace.nodeIds.length);
	});
});
