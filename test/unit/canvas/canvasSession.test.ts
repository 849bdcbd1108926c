import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CanvasSession } from '../../../src/core/canvas/canvasSession';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { shopfront } from './fixture';

describe('canvas: host session over the analysis store', () => {
	let root: string;
	let store: AnalysisStore;

	beforeEach(async () => {
		root = await fs.mkdtemp(join(tmpdir(), 'rampart-canvas-'));
		store = AnalysisStore.forWorkspace(root);
		await store.write({ stpa: shopfront() }, { author: { kind: 'agent', name: 'analyst' }, message: 'initial' });
	});

	afterEach(async () => {
		await fs.rm(root, { recursive: true, force: true });
	});

	it('writes each edit as a new version by the user, with the message', async () => {
		const session = new CanvasSession(store, { kind: 'user', name: 'ana' });
		const model = await session.model();
		assert.equal(model.type, 'model');
		const head = model.type === 'model' ? model.head : null;
		const result = await session.edit({ type: 'edit', edits: [{ op: 'updateNode', id: 'M-2', fields: { label: 'Rate limiter' } }], message: 'Edit M-2 (label)', baseHead: head });
		assert.equal(result.ok, true);
		const [latest, previous] = await store.listVersions();
		assert.deepEqual(latest!.author, { kind: 'user', name: 'ana' });
		assert.equal(latest!.message, 'Edit M-2 (label)');
		assert.equal(latest!.parent, previous!.id);
		assert.equal((await store.read('stpa'))!.nodes.find((n) => n.id === 'M-2')!.label, 'Rate limiter');
	});

	it('refuses an edit the schema forbids and one based on a stale head, writing nothing', async () => {
		const session = new CanvasSession(store, { kind: 'user', name: 'ana' });
		const head = await store.head();
		const bad = await session.edit({ type: 'edit', edits: [{ op: 'addEdge', edge: { kind: 'mitigates', source: 'M-1', target: 'SR-1' } }], message: 'bad', baseHead: head });
		assert.equal(bad.ok, false);
		await new CanvasSession(AnalysisStore.forWorkspace(root), { kind: 'agent', name: 'other' }).edit({ type: 'edit', edits: [{ op: 'deleteNode', id: 'M-4' }], message: 'elsewhere', baseHead: head });
		const stale = await session.edit({ type: 'edit', edits: [{ op: 'updateNode', id: 'M-2', fields: { label: 'x' } }], message: 'stale', baseHead: head });
		assert.equal(stale.ok, false);
		assert.equal((await store.listVersions()).length, 2);
	});

	it('compares a version with the head: added, removed and changed nodes', async () => {
		const session = new CanvasSession(store, { kind: 'user', name: 'ana' });
		const first = await store.head();
		await session.edit({ type: 'edit', edits: [{ op: 'deleteNode', id: 'M-4' }, { op: 'updateNode', id: 'M-2', fields: { label: 'changed' } }], message: 'two', baseHead: first });
		session.comparedVersion = first;
		const model = await session.model();
		assert.ok(model.type === 'model' && model.diff);
		assert.deepEqual(model.diff.removed, ['M-4']);
		assert.deepEqual(model.diff.changed, ['M-2']);
		assert.ok(model.graph.nodes.some((n) => n.id === 'M-4'), 'removed nodes stay visible while comparing');
		assert.equal(model.versions.length, 2);
	});
});
