import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CanvasPersistedState } from '../../src/core/protocol/canvasMessages';
import { ensureBuilt } from '../support/ensureBuilt';
import { repoRoot } from '../support/fixtureCorpus';
import { CanvasHostStub } from './canvasHost';
import { applyTheme } from './canvasThemes';
import { WebviewPage } from './webviewPage';

describe('trace canvas: restore after reload, open on a node, version diff', function () {
	this.timeout(90_000);
	const saved: CanvasPersistedState = { view: 'graph', viewport: { x: -120, y: 40, zoom: 0.75 }, selection: 'T-1' };
	let view: WebviewPage;
	let host: CanvasHostStub;

	before(async () => {
		ensureBuilt();
		view = await WebviewPage.open('canvas', saved);
		await view.page.setViewportSize({ width: 1300, height: 800 });
		await applyTheme(view.page, 'dark');
		host = new CanvasHostStub(view);
		await view.page.waitForFunction(() => (window as unknown as { __sent: unknown[] }).__sent.length > 0);
		await host.pump();
		await view.page.waitForFunction(() => Number(document.body.dataset.rendered ?? '0') > 0);
	});

	after(async () => {
		await view?.close();
	});

	it('comes back with the saved viewport and selection, and keeps the state up to date', async () => {
		assert.equal(await view.page.textContent('#details h3'), 'T-1 · Threat');
		const state = () => view.page.evaluate(() => (window as unknown as { __state: CanvasPersistedState }).__state);
		assert.deepEqual((await state()).viewport, saved.viewport, 'not re-fitted');
		await view.page.click('#zoom-in');
		const after = await state();
		assert.ok(after.viewport!.zoom > 0.75 && after.selection === 'T-1');
	});

	it('opens on a node with its trace when the command passes { nodeId, mode: "trace" }', async () => {
		await view.post({ type: 'focus', nodeId: 'M-1', mode: 'trace' });
		await view.page.waitForSelector('#trace-breadcrumbs li');
		assert.equal(await view.page.textContent('#details h3'), 'M-1 · Mitigation');
		assert.match((await view.page.textContent('#trace-panel h3')) ?? '', /Trace of M-1/);
		await view.post({ type: 'focus', nodeId: 'X-404' });
		await view.page.waitForSelector('text=X-404 is not in the analysis.');
	});

	it('compares with an earlier version: offers it in the picker and marks removed nodes', async () => {
		const older = 'b'.repeat(64);
		const ghost = { id: 'M-99', kind: 'mitigation' as const, label: 'Removed since', status: 'proposed' as const };
		const before = await view.page.evaluate(() => Number(document.body.dataset.rendered ?? '0'));
		await view.post({
			...host.model(),
			type: 'model',
			graph: { ...host.graph, nodes: [...host.graph.nodes, ghost] },
			versions: [{ id: host.head, time: '2026-02-01T10:00:00Z', author: 'ana (user)', message: 'edit' }, { id: older, time: '2026-01-01T10:00:00Z', author: 'analyst (agent)', message: 'initial' }],
			diff: { versionId: older, added: ['M-1'], removed: ['M-99'], changed: ['T-1'] },
		});
		await view.page.waitForFunction((n) => Number(document.body.dataset.rendered ?? '0') > n, before);
		assert.match((await view.page.locator('#version vscode-option').allTextContents()).join('\n'), /Compare with 2026-01-01 10:00 · analyst \(agent\) · initial/);
		await view.post({ type: 'focus', nodeId: 'M-99' });
		await view.page.waitForSelector('text=This node exists only in the compared version.');
		await view.page.screenshot({ path: join(repoRoot, 'test-results', 'canvas', 'version-diff-dark.png') });
		await view.page.locator('#version').evaluate((el) => {
			(el as unknown as { value: string }).value = '';
			el.dispatchEvent(new Event('change'));
		});
		assert.deepEqual((await host.pump()).at(-1), { type: 'selectVersion', versionId: null });
		assert.deepEqual(view.errors, []);
	});
});
