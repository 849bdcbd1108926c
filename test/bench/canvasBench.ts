// Trace canvas in headless Chromium with the built webview bundle: first paint and the elkjs
// layout (in its web worker) + paint for 500, 2,000 and 5,000 nodes (views over 1,000 nodes are
// painted first with the quick layered layout), the trace highlight on 2,000 nodes, and
// frame times while panning 2,000 nodes (whole graph in view, and at reading zoom).
// Targets: 2,000 nodes laid out and painted < 1.5 s; highlight < 50 ms; panning > 30 fps.
// Page code is passed as strings: this file is type-checked without the DOM library.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HostToCanvasMessage } from '../../src/core/protocol/canvasMessages';
import type { StpaGraph } from '../../src/core/store/schemas';
import { buildWebviewHtml } from '../../src/core/webview/webviewShell';
import { launchChromium } from '../support/browser';
import { ensureBuilt } from '../support/ensureBuilt';
import { repoRoot } from '../support/fixtureCorpus';
import { generateModel } from './storeBench';

/** The canvas bundle and its layout worker under the webview shell and CSP, with a stub VS Code API. */
class BenchPage {
	private constructor(
		readonly page: Page,
		readonly close: () => Promise<void>,
	) {}

	static async open(): Promise<BenchPage> {
		const nonce = randomBytes(16).toString('base64url');
		const server: Server = createServer((req, res) => {
			const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			if (req.url === '/canvas.js' || req.url === '/canvasLayoutWorker.js') {
				res.writeHead(200, { 'content-type': 'text/javascript' });
				res.end(readFileSync(join(repoRoot, 'dist', 'webview', req.url.slice(1))));
				return;
			}
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end(buildWebviewHtml({ cspSource: origin, scriptUri: `${origin}/canvas.js`, workerUri: `${origin}/canvasLayoutWorker.js`, nonce, title: 'canvas bench' }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const chromium = await launchChromium();
		const page = await chromium.browser.newPage();
		await page.addInitScript(`window.__sent = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(m), getState: () => undefined, setState: () => {} });`);
		await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
		return new BenchPage(page, async () => {
			await chromium.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		});
	}

	post(message: HostToCanvasMessage): Promise<unknown> {
		return this.page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
	}
}

/** Polls an expression in the page (waitForFunction would evaluate a string, which the CSP forbids). */
async function waitFor(page: Page, expression: string, timeoutMs = 120_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!(await page.evaluate<boolean>(expression))) {
		if (Date.now() > until) {
			throw new Error(`timed out waiting for ${expression}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const model = (graph: StpaGraph): HostToCanvasMessage => ({ type: 'model', graph, head: null, versions: [], problems: [] });

async function renderCount(view: BenchPage): Promise<number> {
	return view.page.evaluate(`Number(document.body.dataset.rendered ?? '0')`);
}

/** Posts a model and waits until it is laid out and painted; returns wall ms and the page's own measure. */
async function layoutAndPaint(view: BenchPage, graph: StpaGraph): Promise<{ wall: number; inPage: number; firstPaint: number; engine: string }> {
	const before = await renderCount(view);
	await view.page.evaluate(`performance.clearMeasures()`);
	const started = performance.now();
	await view.post(model(graph));
	await waitFor(view.page, `Number(document.body.dataset.rendered ?? '0') > ${before}`);
	const wall = performance.now() - started;
	const [inPage, firstPaint] = await view.page.evaluate<number[]>(`['canvas-layout-and-paint', 'canvas-first-paint'].map((name) => performance.getEntriesByName(name).at(-1)?.duration ?? NaN)`);
	const engine = (await view.page.textContent('#status'))?.split('layout: ')[1] ?? '?';
	return { wall, inPage: inPage!, firstPaint: Number.isNaN(firstPaint) ? inPage! : firstPaint!, engine };
}

/** Pans with pointer events for `frames` animation frames; returns frame intervals and draw times. */
async function pan(view: BenchPage, frames: number): Promise<{ intervals: number[]; draws: number[] }> {
	// A string, not a function: the transpiler would inject helpers the page lacks.
	return view.page.evaluate<{ intervals: number[]; draws: number[] }>(`(async (count) => {
		const canvas = document.getElementById('graph-canvas');
		const r = canvas.getBoundingClientRect();
		const at = (type, i) => canvas.dispatchEvent(new PointerEvent(type, { clientX: r.x + 300 + (i % 200) * 3, clientY: r.y + 200 + (i % 100), button: 0, buttons: 1, pointerId: 7, bubbles: true }));
		const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
		performance.clearMeasures('canvas-draw');
		at('pointerdown', 0);
		at('pointermove', 3);
		let last = await frame();
		const intervals = [];
		for (let i = 4; i < count + 4; i++) {
			at('pointermove', i);
			const now = await frame();
			intervals.push(now - last);
			last = now;
		}
		at('pointerup', count + 4);
		return { intervals, draws: performance.getEntriesByName('canvas-draw').map((e) => e.duration) };
	})(${frames})`);
}

export async function benchCanvas(out: (line: string) => void): Promise<void> {
	ensureBuilt();
	const view = await BenchPage.open();
	try {
		await view.page.setViewportSize({ width: 1400, height: 900 });
		await waitFor(view.page, `window.__sent.length > 0`);
		out('Trace canvas (headless Chromium, built bundle, software rendering)');
		out('| nodes | edges | first paint (in page) | elkjs layout + paint (in page) | until done (wall, incl. posting the model) | final layout |');
		out('|---|---|---|---|---|---|');
		const graphs = new Map<number, StpaGraph>();
		for (const target of [500, 2000, 5000]) {
			const graph = generateModel(target);
			graphs.set(target, graph);
			const r = await layoutAndPaint(view, graph);
			out(`| ${graph.nodes.length} | ${graph.edges.length} | ${r.firstPaint.toFixed(0)} ms | ${r.inPage.toFixed(0)} ms | ${r.wall.toFixed(0)} ms | ${r.engine} |`);
		}
		const g2000 = graphs.get(2000)!;
		await layoutAndPaint(view, g2000);
		const highlights: number[] = [];
		for (let i = 0; i < 20; i++) {
			const id = `M-${1 + ((i * 37) % 140)}`;
			highlights.push(
				await view.page.evaluate<number>(`(async () => {
					performance.clearMeasures('canvas-trace');
					window.postMessage({ type: 'focus', nodeId: ${JSON.stringify(id)}, mode: 'trace' }, '*');
					for (let tries = 0; tries < 200 && performance.getEntriesByName('canvas-trace').length === 0; tries++) {
						await new Promise((r) => setTimeout(r, 5));
					}
					return performance.getEntriesByName('canvas-trace')[0]?.duration ?? NaN;
				})()`),
			);
		}
		out(`Trace highlight on ${g2000.nodes.length} nodes (trace query + breadcrumbs + redraw), 20 mitigations: median ${pct(highlights, 50).toFixed(1)} ms, p95 ${pct(highlights, 95).toFixed(1)} ms`);
		await view.page.click('#clear-trace');
		for (const [label, setup] of [
			['whole graph in view', () => view.page.click('#fit')],
			['reading zoom (labels drawn)', async () => {
				await view.page.click('#fit');
				for (let i = 0; i < 12; i++) {
					await view.page.click('#zoom-in');
				}
			}],
		] as const) {
			await setup();
			const { intervals, draws } = await pan(view, 120);
			const mean = intervals.reduce((a, b) => a + b, 0) / intervals.length;
			out(`Panning ${g2000.nodes.length} nodes, ${label}: ${(1000 / mean).toFixed(0)} fps (frame interval median ${pct(intervals, 50).toFixed(1)} ms, p95 ${pct(intervals, 95).toFixed(1)} ms); draw median ${pct(draws, 50).toFixed(1)} ms, p95 ${pct(draws, 95).toFixed(1)} ms`);
		}
	} finally {
		await view.close();
	}
}

if (require.main === module) {
	benchCanvas((line) => process.stdout.write(`${line}\n`)).catch((e: unknown) => {
		process.stderr.write(`${String(e)}\n`);
		process.exitCode = 1;
	});
}
