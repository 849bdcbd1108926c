import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CanvasEdit } from '../../src/core/protocol/canvasMessages';
import { TraceGraph } from '../../src/core/store/traceGraph';
import { ensureBuilt } from '../support/ensureBuilt';
import { repoRoot } from '../support/fixtureCorpus';
import { CanvasHostStub, shopfront } from './canvasHost';
import { applyTheme } from './canvasThemes';
import { WebviewPage } from './webviewPage';

const shots = join(repoRoot, 'test-results', 'canvas');

describe('trace canvas webview in headless Chromium', function () {
	this.timeout(90_000);
	let view: WebviewPage;
	let host: CanvasHostStub;

	const rendered = () => view.page.evaluate(() => Number(document.body.dataset.rendered ?? '0'));
	async function settle(before?: number): Promise<void> {
		await host.pump();
		if (before !== undefined) {
			await view.page.waitForFunction((n) => Number(document.body.dataset.rendered ?? '0') > n, before);
		}
		await view.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
	}
	async function selectBySearch(id: string): Promise<void> {
		await view.page.locator('#search').evaluate((el, v) => {
			(el as unknown as { value: string }).value = v;
			el.dispatchEvent(new Event('input'));
		}, id);
		await view.page.locator('#search').press('Enter');
	}

	before(async () => {
		ensureBuilt();
		mkdirSync(shots, { recursive: true });
		view = await WebviewPage.open('canvas');
		await view.page.setViewportSize({ width: 1400, height: 860 });
		await applyTheme(view.page, 'light');
		host = new CanvasHostStub(view);
		await view.page.waitForFunction(() => (window as unknown as { __sent: unknown[] }).__sent.length > 0);
		await settle();
		await view.page.waitForFunction(() => Number(document.body.dataset.rendered ?? '0') > 0);
	});

	after(async () => {
		await view?.close();
	});

	it('renders the worked example under the strict CSP, laid out by the elkjs worker', async () => {
		const text = await view.page.textContent('#status');
		const graph = shopfront();
		assert.match(text ?? '', new RegExp(`^${graph.nodes.length} nodes, ${graph.edges.length} relationships · layout: elkjs \\(worker\\)`));
		const legend = await view.page.locator('#legend li').allTextContents();
		assert.deepEqual(new Set(legend), new Set(['Stakeholder', 'Stakeholder requirement', 'Loss', 'Vulnerability (hazard)', 'Security constraint', 'Controller', 'Controlled process', 'Control action', 'Feedback', 'Responsibility', 'Unsecure control action', 'Controller constraint', 'Loss scenario', 'Threat', 'Mitigation', 'Finding', 'Code element']));
		assert.deepEqual(view.cspViolations, []);
		assert.deepEqual(view.errors, []);
		// Something was drawn: the canvas is not one flat colour.
		const colours = await view.page.locator('#graph-canvas').evaluate((c) => {
			const ctx = (c as HTMLCanvasElement).getContext('2d')!;
			const data = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
			const seen = new Set<number>();
			for (let i = 0; i < data.length; i += 4 * 97) {
				seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
			}
			return seen.size;
		});
		assert.ok(colours > 10, `expected a drawn graph, saw ${colours} colours`);
	});

	it('click on a mitigation, then "Show trace": exactly the nodes of its upward paths are highlighted', async () => {
		await selectBySearch('M-1');
		await settle();
		const box = (await view.page.locator('#graph-canvas').boundingBox())!;
		await view.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		await settle();
		assert.equal(await view.page.textContent('#details h3'), 'M-1 · Mitigation');
		await view.page.click('#show-trace');
		await settle();
		const shown = ((await view.page.textContent('#trace-nodes')) ?? '').replace('Highlighted: ', '').split(' ').sort();
		const expected = new TraceGraph(shopfront()).traceToRequirements('M-1').nodeIds.sort();
		assert.deepEqual(shown, expected);
		for (const id of ['M-1', 'CC-1', 'SC-2', 'UCA-1', 'LS-1', 'T-1', 'H-2', 'L-1', 'L-2', 'SR-1', 'SR-2', 'SH-1', 'SH-2']) {
			assert.ok(shown.includes(id), `${id} is on a path from M-1`);
		}
		assert.ok(!shown.includes('M-2') && !shown.includes('SR-3'), 'nodes off the paths are not highlighted');
		const crumbs = await view.page.locator('#trace-breadcrumbs li').allTextContents();
		assert.ok(crumbs.includes('M-1 → CC-1 → UCA-1 → H-2 → L-1 → SR-1'), crumbs.join('\n'));
		await view.page.screenshot({ path: join(shots, 'trace-highlight-light.png') });
	});

	it('warns when a mitigation traces to no requirement', async () => {
		await selectBySearch('M-4');
		await settle();
		await view.page.click('#show-trace');
		await settle();
		assert.match((await view.page.textContent('#trace-warning')) ?? '', /M-4 traces to no stakeholder requirement/);
		await view.page.click('#clear-trace');
		await settle();
		assert.equal(await view.page.isVisible('#trace-panel'), false, 'Clear hides the trace');
	});

	it('editing a label and adding a relationship send the expected edits to the host', async () => {
		assert.ok(!host.graph.edges.some((e) => e.source === 'M-2' && e.target === 'CC-2'), 'the fixture does not have the relationship yet');
		await selectBySearch('M-2');
		await settle();
		await view.page.locator('#field-label').evaluate((el) => {
			(el as unknown as { value: string }).value = 'Rate limiter <b>per account</b>';
		});
		const before = await rendered();
		await view.page.click('#apply-fields');
		const [edit] = (await host.pump()).filter((m) => m.type === 'edit');
		assert.deepEqual(edit, {
			type: 'edit',
			edits: [{ op: 'updateNode', id: 'M-2', fields: { label: 'Rate limiter <b>per account</b>' } }] satisfies CanvasEdit[],
			message: 'Edit M-2 (label)',
			baseHead: 'a'.repeat(64),
		});
		await view.page.waitForFunction((n) => Number(document.body.dataset.rendered ?? '0') > n, before);
		assert.equal(await view.page.locator('#details b').count(), 0, 'the label is text, never HTML');
		await view.page.locator('#rel-kind').evaluate((el) => {
			(el as unknown as { value: string }).value = 'implements';
			el.dispatchEvent(new Event('change'));
		});
		// The target list is refilled; the select takes its new options on the next slot change.
		await view.page.waitForTimeout(100);
		await view.page.locator('#rel-target').evaluate((el) => {
			(el as unknown as { value: string }).value = 'CC-2';
		});
		await view.page.click('#rel-add');
		const [add] = (await host.pump()).filter((m) => m.type === 'edit');
		assert.deepEqual(add && add.type === 'edit' && add.edits, [{ op: 'addEdge', edge: { kind: 'implements', source: 'M-2', target: 'CC-2' } }]);
		assert.ok(host.graph.edges.some((e) => e.kind === 'implements' && e.source === 'M-2' && e.target === 'CC-2'));
	});

	it('undo sends the inverse edit as a new version', async () => {
		await view.page.click('#undo');
		const [undo] = (await host.pump()).filter((m) => m.type === 'edit');
		assert.deepEqual(undo && undo.type === 'edit' && undo.edits, [{ op: 'removeEdge', edge: { kind: 'implements', source: 'M-2', target: 'CC-2' } }]);
		assert.equal(undo && undo.type === 'edit' && undo.message, 'Undo: Add M-2 implements CC-2');
		await view.page.click('#redo');
		const [redo] = (await host.pump()).filter((m) => m.type === 'edit');
		assert.deepEqual(redo && redo.type === 'edit' && redo.edits, [{ op: 'addEdge', edge: { kind: 'implements', source: 'M-2', target: 'CC-2' } }]);
	});

	it('exports files that parse: draw.io, GraphML, DOT, Mermaid, OTM, JSON, SVG and PNG', async () => {
		for (const format of ['drawio', 'graphml', 'dot', 'mermaid', 'otm', 'json', 'svg', 'png']) {
			await view.page.click('#export');
			await view.page.click(`#export-${format}`);
			await host.pump();
		}
		const parseXml = (text: string) =>
			view.page.evaluate((t) => {
				const doc = new DOMParser().parseFromString(t, 'application/xml');
				return doc.getElementsByTagName('parsererror').length === 0 ? doc.documentElement.nodeName : 'parsererror';
			}, text);
		assert.equal(await parseXml(host.files.get('stpa-sec.drawio')!), 'mxfile');
		assert.equal(await parseXml(host.files.get('stpa-sec.graphml')!), 'graphml');
		assert.equal(await parseXml(host.files.get('view.svg')!), 'svg');
		assert.ok(host.files.get('view.svg')!.includes('Rate limiter &lt;b&gt;per account&lt;/b&gt;'));
		assert.equal(JSON.parse(host.files.get('stpa-sec.json')!).nodes.length, host.graph.nodes.length);
		assert.match(host.files.get('stpa-sec.dot')!, /^digraph /);
		const otm = JSON.parse(host.files.get('stpa-sec.otm.json')!) as { otmVersion?: string; threats?: Array<{ id: string }> };
		assert.ok(otm.otmVersion && otm.threats?.some((t) => t.id === 'T-1'), 'OTM with the threats');
		assert.match(host.files.get('stpa-sec.mmd')!, /^flowchart /);
		const png = Buffer.from(host.files.get('view.png')!, 'base64');
		assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const size = await view.page.evaluate(async (b64) => {
			const img = new Image();
			img.src = `data:image/png;base64,${b64}`;
			await img.decode();
			return img.width * img.height;
		}, host.files.get('view.png')!);
		assert.ok(size > 100_000);
	});

	it('sorts and filters the threat table', async () => {
		await view.page.click('#view-threats');
		await settle();
		await view.page.click('#threat-table th[data-column="id"]');
		const ids = await view.page.locator('#threat-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
		const sortedDesc = [...ids].sort((a, b) => b!.localeCompare(a!, 'en', { numeric: true }));
		assert.deepEqual(ids, sortedDesc);
		await view.page.locator('#threat-filter').evaluate((el) => {
			(el as unknown as { value: string }).value = 'session';
			el.dispatchEvent(new Event('input'));
		});
		const filtered = await view.page.locator('#threat-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
		assert.deepEqual(filtered, ['T-3']);
	});

	it('shows the UCA table and the coverage matrix', async () => {
		await view.page.click('#view-ucas');
		await settle();
		const row = await view.page.locator('#uca-table tbody tr', { hasText: 'CA-1' }).textContent();
		assert.match(row ?? '', /UCA-1/);
		await view.page.click('#view-coverage');
		await settle();
		assert.equal(await view.page.locator('#coverage-matrix td[data-cell="SR-1 M-1"]').textContent(), '✓');
		assert.equal(await view.page.locator('#coverage-matrix td[data-cell="SR-1 M-4"]').textContent(), '');
	});

	it('saves a screenshot of every view in light and dark theme', async () => {
		for (const theme of ['light', 'dark'] as const) {
			await applyTheme(view.page, theme);
			for (const v of ['graph', 'structure', 'trace', 'threats', 'ucas', 'coverage']) {
				if (v === 'trace') {
					await selectBySearch('M-1');
					await settle();
					await view.page.click('#show-trace');
				}
				const before = await rendered();
				await view.page.click(`#view-${v}`);
				await settle(before);
				await view.page.waitForTimeout(50);
				await view.page.screenshot({ path: join(shots, `${v}-${theme}.png`) });
			}
		}
		assert.deepEqual(view.errors, []);
		assert.deepEqual(view.cspViolations, []);
	});
});
