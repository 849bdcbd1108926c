import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { toDrawio } from '../../src/core/store/export/drawio';
import { filterGraph } from '../../src/core/store/export/filter';
import { toGraphml } from '../../src/core/store/export/graphml';
import { toMermaid } from '../../src/core/store/export/mermaid';
import { stpaGraphSchema, type StpaGraph } from '../../src/core/store/schemas';
import { launchChromium, type LaunchedChromium } from '../support/browser';
import { repoRoot } from '../support/fixtureCorpus';
import { loadShopfront, loadShopfrontLayout } from '../unit/store/helpers';

const HOSTILE = `<img src=x onerror="window.__pwned=1"> "q" 'a' & #35; [x] {y} (z) | \`t\` -->`;

function hostileGraph(): StpaGraph {
	const g = structuredClone(loadShopfront());
	g.title = HOSTILE;
	for (const n of g.nodes) {
		if (n.id === 'M-1' || n.id === 'SH-1' || n.id === 'UCA-4') {
			n.label = HOSTILE;
		}
	}
	g.edges[0] = { ...g.edges[0]!, label: HOSTILE };
	return stpaGraphSchema.parse(g);
}

interface Rendered {
	readonly error?: string;
	readonly svgNodes: number;
	readonly svgEdgeLabels: number;
	readonly text: string;
	readonly scripts: number;
	readonly images: number;
	readonly pwned: boolean;
}

/** Renders Mermaid text with the real mermaid package (strict security level) and inspects the SVG in the DOM. */
async function render(page: Page, text: string): Promise<Rendered> {
	return page.evaluate(async (source) => {
		const w = window as unknown as { mermaid: { initialize(c: object): void; render(id: string, t: string): Promise<{ svg: string }> }; __pwned?: number };
		w.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxTextSize: 1_000_000, maxEdges: 5000 });
		const host = document.getElementById('out')!;
		try {
			const { svg } = await w.mermaid.render(`g${Math.random().toString(36).slice(2)}`, source);
			host.innerHTML = svg;
		} catch (e) {
			return { error: String((e as Error).message ?? e), svgNodes: 0, svgEdgeLabels: 0, text: '', scripts: 0, images: 0, pwned: false };
		}
		await new Promise((r) => setTimeout(r, 50));
		return {
			svgNodes: host.querySelectorAll('g.node').length,
			svgEdgeLabels: host.querySelectorAll('g.edgeLabel').length,
			text: host.textContent ?? '',
			scripts: host.querySelectorAll('script').length,
			images: host.querySelectorAll('img, image').length,
			pwned: w.__pwned === 1,
		};
	}, text);
}

/** Parses XML with the browser's own parser; returns the parser error, if any, and element counts. */
async function parseXmlInBrowser(page: Page, xml: string, selectors: string[]): Promise<{ error?: string; counts: number[]; texts: string[] }> {
	return page.evaluate(
		({ xml, selectors }) => {
			const doc = new DOMParser().parseFromString(xml, 'application/xml');
			const err = doc.getElementsByTagName('parsererror')[0];
			if (err) {
				return { error: err.textContent ?? 'parse error', counts: [], texts: [] };
			}
			const texts = [...doc.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.value).concat(e.children.length === 0 ? [e.textContent ?? ''] : []));
			return { counts: selectors.map((s) => doc.querySelectorAll(s).length), texts };
		},
		{ xml, selectors },
	);
}

describe('graph exports in headless Chromium: Mermaid renders, XML parses', function () {
	this.timeout(120_000);
	let chromium: LaunchedChromium;
	let page: Page;

	before(async () => {
		chromium = await launchChromium();
		page = await chromium.browser.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
		await page.addScriptTag({ path: join(repoRoot, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
		assert.deepEqual(errors, []);
		assert.equal(await page.evaluate(() => typeof (window as unknown as { mermaid?: unknown }).mermaid), 'object');
	});
	after(async () => {
		await chromium?.close();
	});

	it('renders the worked example without error: one SVG node per model node, one label per edge', async () => {
		const graph = loadShopfront();
		const r = await render(page, toMermaid(graph));
		assert.equal(r.error, undefined);
		assert.equal(r.svgNodes, graph.nodes.length);
		assert.equal(r.svgEdgeLabels, graph.edges.length);
		for (const n of graph.nodes) {
			assert.ok(r.text.includes(`${n.id}: ${n.label}`) || r.text.replace(/\s+/g, ' ').includes(`${n.id}: ${n.label}`), n.id);
		}
	});

	it('renders hostile labels as text: no markup, no script, the exact text shown', async () => {
		const r = await render(page, toMermaid(hostileGraph()));
		assert.equal(r.error, undefined);
		assert.equal(r.scripts, 0);
		assert.equal(r.images, 0);
		assert.equal(r.pwned, false);
		assert.ok(r.text.includes(`M-1: ${HOSTILE}`), r.text.slice(0, 400));
		assert.ok(r.text.includes(`concerns: ${HOSTILE}`));
	});

	it('renders a filtered view (the trace of M-5)', async () => {
		const view = filterGraph(loadShopfront(), { traceFrom: 'M-5' });
		const r = await render(page, toMermaid(view));
		assert.equal(r.error, undefined);
		assert.equal(r.svgNodes, view.nodes.length);
	});

	it('a broken Mermaid text does fail here (the check can fail)', async () => {
		const r = await render(page, 'flowchart BT\n  n0["unterminated]\n');
		assert.ok(r.error, 'mermaid reports a parse error');
	});

	it('draw.io XML and GraphML parse with the browser XML parser and carry every node, edge and label', async () => {
		const graph = hostileGraph();
		const drawio = await parseXmlInBrowser(page, toDrawio(graph, loadShopfrontLayout()), ['mxCell[vertex="1"]', 'mxCell[edge="1"]', 'mxfile > diagram > mxGraphModel > root > mxCell']);
		assert.equal(drawio.error, undefined);
		assert.deepEqual(drawio.counts, [graph.nodes.length, graph.edges.length, graph.nodes.length + graph.edges.length + 2]);
		assert.ok(drawio.texts.includes(`M-1: ${HOSTILE}`));
		const graphml = await parseXmlInBrowser(page, toGraphml(graph), ['graph > node', 'graph > edge']);
		assert.equal(graphml.error, undefined);
		assert.deepEqual(graphml.counts, [graph.nodes.length, graph.edges.length]);
		assert.ok(graphml.texts.includes(HOSTILE));
		const broken = await parseXmlInBrowser(page, '<graphml><node id="a"></graphml>', []);
		assert.ok(broken.error, 'the parser rejects malformed XML');
	});
});
