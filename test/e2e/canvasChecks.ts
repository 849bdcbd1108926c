/**
 * UI check (h): the trace canvas in code-server. Runs "Rampart: Open Trace Canvas", finds a
 * mitigation of the workspace's stored STPA-Sec graph that traces to stakeholder requirements,
 * selects it by search and a click on the canvas, runs "Show trace to stakeholder requirements"
 * and compares the highlighted ids with the store's trace query; then edits the node's label,
 * zooms, reloads the window and checks that the edit (in the store, as a user version) and the
 * zoom and selection come back. `prepareCanvasWorkspace` seeds the worked example when the
 * workspace (a temporary copy, never the repository's) has no graph yet.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { AnalysisStore } from '../../src/core/store/analysisStore';
import { type StpaGraph, stpaGraphSchema } from '../../src/core/store/schemas';
import { TraceGraph } from '../../src/core/store/traceGraph';
import { check, type CheckResult } from './uiChecks';

const openTitle = 'Rampart: Open Trace Canvas';
const repoFixtures = resolve(__dirname, 'workspace');
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Seeds the worked example into the store of `workspace` unless it already has a graph. */
export async function prepareCanvasWorkspace(workspace: string): Promise<void> {
	if (resolve(workspace) === repoFixtures) {
		throw new Error('refusing to write into the repository fixtures; pass a temporary copy');
	}
	const store = AnalysisStore.forWorkspace(workspace);
	if ((await store.read('stpa')) === undefined) {
		const graph = stpaGraphSchema.parse(JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'store', 'shopfront.stpa-sec.json'), 'utf8')));
		await store.write({ stpa: graph }, { author: { kind: 'user', name: 'e2e' }, message: 'worked example for the canvas checks' });
	}
}

/** A mitigation with at least one path, and the ids its trace highlights. */
function pickMitigation(graph: StpaGraph): { id: string; expected: string[] } {
	const traces = new TraceGraph(graph);
	for (const n of graph.nodes) {
		if (n.kind === 'mitigation') {
			const t = traces.traceToRequirements(n.id);
			if (t.paths.length > 0) {
				return { id: n.id, expected: [...t.nodeIds].sort() };
			}
		}
	}
	throw new Error('the stored graph has no mitigation that traces to a requirement');
}

/** Runs a command from the palette; retries while the workbench is still registering commands. */
async function runCommand(page: Page, label: string, attempts = 4): Promise<void> {
	const input = page.locator('.quick-input-widget .quick-input-box input');
	const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
	for (let attempt = 1; ; attempt++) {
		await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
		await page.keyboard.press('F1');
		await input.waitFor({ state: 'visible', timeout: 10_000 });
		await input.fill(`>${label}`);
		try {
			await row.waitFor({ state: 'visible', timeout: 10_000 });
			break;
		} catch (error) {
			await page.keyboard.press('Escape');
			if (attempt >= attempts) {
				throw error;
			}
		}
	}
	await page.keyboard.press('Enter');
}

/** The canvas webview's inner frame: the one whose document has the graph canvas. */
async function canvasFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		for (const frame of page.frames()) {
			if (await frame.locator('#graph-canvas, #view-host').count().catch(() => 0)) {
				return frame;
			}
		}
		if (Date.now() > deadline) {
			throw new Error('no trace canvas webview appeared');
		}
		await page.waitForTimeout(250);
	}
}

async function selectOnCanvas(frame: Frame, id: string): Promise<void> {
	await frame.locator('#search').click();
	await frame.page().keyboard.type(id);
	await frame.page().keyboard.press('Enter');
	const box = await frame.locator('#graph-canvas').boundingBox();
	if (!box) {
		throw new Error('the graph canvas has no box');
	}
	await frame.page().mouse.click(box.x + box.width / 2, box.y + box.height / 2);
	await frame.locator('#details h3', { hasText: `${id} ·` }).waitFor({ timeout: 10_000 });
}

/** Runs check (h) on a workbench showing `workspace`; screenshots go to `outDir`. */
export async function runCanvasChecks(page: Page, workspace: string, outDir: string, results: CheckResult[]): Promise<void> {
	const shot = (file: string) => ({ page, path: join(outDir, file) });
	const store = AnalysisStore.forWorkspace(workspace);
	let target = { id: '', expected: [] as string[] };
	let frame: Frame | undefined;
	const opened = await check(results, `(h) "${openTitle}" shows the stored graph`, async () => {
		target = pickMitigation((await store.read('stpa')) ?? { schemaVersion: 1, nodes: [], edges: [] });
		await runCommand(page, openTitle);
		frame = await canvasFrame(page);
		const status = frame.locator('#status', { hasText: /\d+ nodes, \d+ relationships/ });
		await status.waitFor({ timeout: 60_000 });
		return squash(await status.innerText());
	}, shot('13-canvas-open.png'));
	if (!opened || !frame) {
		return;
	}

	await check(results, '(h) select a mitigation, "Show trace to stakeholder requirements" highlights its paths', async () => {
		await selectOnCanvas(frame!, target.id);
		await frame!.locator('#show-trace').click();
		const text = squash(await frame!.locator('#trace-nodes').innerText({ timeout: 10_000 }));
		const shown = text.replace(/^Highlighted: /, '').split(' ').sort();
		if (shown.join(' ') !== target.expected.join(' ')) {
			throw new Error(`highlighted ${shown.join(' ')}; the store's trace query gives ${target.expected.join(' ')}`);
		}
		return `${target.id}: ${(await frame!.locator('#trace-breadcrumbs li').count())} paths, ${shown.length} nodes`;
	}, shot('14-canvas-trace.png'));

	const label = `Edited in the canvas ${Date.now()}`;
	let zoom = '';
	const edited = await check(results, '(h) editing the label writes a new version by the user', async () => {
		const before = await store.head();
		// fill() sets the whole value at once: typed keys can be lost while the webview takes focus.
		await frame!.locator('#field-label input').fill(label);
		await frame!.locator('#apply-fields').click();
		const deadline = Date.now() + 15_000;
		for (;;) {
			const fresh = AnalysisStore.forWorkspace(workspace);
			const node = (await fresh.read('stpa'))?.nodes.find((n) => n.id === target.id);
			const [latest] = await fresh.listVersions();
			if (node?.label === label && latest && latest.id !== before) {
				if (latest.author.kind !== 'user') {
					throw new Error(`the version's author is ${latest.author.kind}`);
				}
				break;
			}
			if (Date.now() > deadline) {
				throw new Error(`the store still has "${node?.label ?? '(no node)'}"`);
			}
			await page.waitForTimeout(250);
		}
		await frame!.locator('#zoom-in').click();
		await frame!.locator('#zoom-in').click();
		zoom = squash(await frame!.locator('#zoom-level').innerText());
		return `label "${label}", zoom ${zoom}`;
	}, shot('15-canvas-edited.png'));
	if (!edited) {
		return;
	}

	await check(results, '(h) after "Developer: Reload Window" the edit, zoom and selection are still there', async () => {
		const old = frame!;
		await runCommand(page, 'Developer: Reload Window');
		const deadline = Date.now() + 30_000;
		while (!old.isDetached()) {
			if (Date.now() > deadline) {
				throw new Error('the window did not reload');
			}
			await page.waitForTimeout(200);
		}
		await page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
		frame = await canvasFrame(page, 60_000);
		await frame.locator('#details h3', { hasText: `${target.id} ·` }).waitFor({ timeout: 60_000 });
		const value = await frame.locator('#field-label').evaluate((el) => (el as unknown as { value: string }).value);
		if (value !== label) {
			throw new Error(`the label field shows "${value}"`);
		}
		await frame.locator('#status', { hasText: /\d+ nodes, \d+ relationships/ }).waitFor({ timeout: 60_000 });
		const zoomDeadline = Date.now() + 10_000;
		let after: string;
		while ((after = squash(await frame.locator('#zoom-level').innerText())) !== zoom) {
			if (Date.now() > zoomDeadline) {
				throw new Error(`zoom ${after} after the reload, ${zoom} before`);
			}
			await page.waitForTimeout(200);
		}
		return `${target.id} selected, label kept, zoom ${after}`;
	}, shot('16-canvas-reloaded.png'));
}
