import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { StoreConflictError, StoreCorruptFileError, StoreInvalidFileError, StoreLockTimeoutError } from '../../../src/core/store/errors';
import type { StpaGraph } from '../../../src/core/store/schemas';
import { agent, sampleArtifacts, tempWorkspace, user } from './helpers';

const file = (root: string, name: string): string => join(root, '.rampart', name);

async function seeded(): Promise<{ root: string; store: AnalysisStore }> {
	const root = await tempWorkspace();
	const store = AnalysisStore.forWorkspace(root);
	await store.write(sampleArtifacts(), { author: agent, message: 'initial analysis' });
	return { root, store };
}

describe('analysis store: corruption', () => {
	it('reports a truncated file with its name, line and column, and leaves it untouched', async () => {
		const { root } = await seeded();
		const path = file(root, 'stpa-sec.json');
		const full = await fs.readFile(path, 'utf8');
		const truncated = full.slice(0, Math.floor(full.length / 2));
		await fs.writeFile(path, truncated);
		const fresh = AnalysisStore.forWorkspace(root);
		await assert.rejects(fresh.read('stpa'), (e: unknown) => {
			assert.ok(e instanceof StoreCorruptFileError);
			assert.equal(e.file, 'stpa-sec.json');
			assert.ok(e.line && e.line > 1, 'has a line');
			assert.match(e.message, /^stpa-sec\.json:\d+:\d+: not valid JSON/);
			return true;
		});
		// A write to that document is refused rather than silently replacing the broken file.
		await assert.rejects(fresh.write({ stpa: sampleArtifacts().stpa }, { author: user, message: 'overwrite' }), StoreCorruptFileError);
		assert.equal(await fs.readFile(path, 'utf8'), truncated);
		// The previous version stays readable, and the other documents still load.
		const head = (await fresh.listVersions())[0]!;
		assert.deepEqual(await fresh.readAt(head.id, 'stpa'), sampleArtifacts().stpa);
		const { documents, problems } = await fresh.readAll();
		assert.equal(problems.length, 1);
		assert.ok(documents.prd && documents.contract && !documents.stpa);
	});

	it('reports an empty or garbled file of every kind', async () => {
		const { root } = await seeded();
		for (const [name, content, pattern] of [
			['prd.json', '', /prd\.json:1:1: not valid JSON: the file is empty/],
			['layout.json', '{"schemaVersion": 1, "nodes": {"A": {"x": 1,, }}}', /layout\.json:1:\d+: not valid JSON/],
			['versions/HEAD.json', '\u0000\u0001garbage', /versions\/HEAD\.json: not valid JSON: Unexpected token/],
		] as const) {
			await fs.writeFile(file(root, name), content);
			const store = AnalysisStore.forWorkspace(root);
			const run = name.startsWith('versions') ? store.listVersions() : store.readAll().then((r) => { throw r.problems.find((p) => p.message.startsWith(name)); });
			await assert.rejects(run, pattern);
			assert.equal(await fs.readFile(file(root, name), 'utf8'), content);
		}
	});

	it('reports a schema-invalid file with every problem and its JSON path', async () => {
		const { root } = await seeded();
		const path = file(root, 'stpa-sec.json');
		const graph = JSON.parse(await fs.readFile(path, 'utf8')) as StpaGraph;
		(graph.nodes[0] as { kind: string }).kind = 'wizard';
		const text = JSON.stringify(graph, null, 2);
		await fs.writeFile(path, text);
		const store = AnalysisStore.forWorkspace(root);
		await assert.rejects(store.read('stpa'), (e: unknown) => {
			assert.ok(e instanceof StoreInvalidFileError);
			assert.equal(e.file, 'stpa-sec.json');
			const kindProblem = e.problems.find((p) => p.path === 'nodes[0].kind');
			assert.ok(kindProblem, 'names the JSON path');
			assert.match(e.message, /stpa-sec\.json: does not match its schema/);
			const lines = text.split('\n');
			assert.match(lines[kindProblem.line! - 1]!, /"wizard"/, 'points at the line of the bad value');
			assert.match(e.message, /line \d+: nodes\[0\]\.kind/);
			return true;
		});
		await assert.rejects(store.write({ stpa: sampleArtifacts().stpa }, { author: user, message: 'x' }), StoreInvalidFileError);
		assert.equal(await fs.readFile(path, 'utf8'), text);
	});

	it('detects a tampered version blob', async () => {
		const { root, store } = await seeded();
		const head = (await store.listVersions())[0]!;
		const blob = file(root, `versions/blobs/${head.documents.prd}.json`);
		await fs.writeFile(blob, (await fs.readFile(blob, 'utf8')).replace('Shopfront', 'Sh0pfront'));
		await assert.rejects(store.readAt(head.id, 'prd'), /content does not match its hash/);
	});
});

describe('analysis store: versions', () => {
	it('lists, diffs per node and edge, and restores', async () => {
		const { store } = await seeded();
		const v1 = (await store.listVersions())[0]!;
		const graph = structuredClone(sampleArtifacts().stpa);
		graph.nodes = graph.nodes.filter((n) => n.id !== 'M-4');
		graph.nodes.push({ id: 'M-9', kind: 'mitigation', label: 'Rotate session id', status: 'proposed' });
		graph.edges.push({ kind: 'mitigates', source: 'M-9', target: 'T-3' }, { kind: 'implements', source: 'M-9', target: 'CC-2' });
		const m2 = graph.nodes.find((n) => n.id === 'M-2')!;
		Object.assign(m2, { status: 'implemented' });
		graph.edges = graph.edges.filter((e) => !(e.kind === 'locatedIn' && e.source === 'T-3'));
		const prd = { ...sampleArtifacts().prd, title: 'Shopfront 2' };
		const v2 = await store.write({ stpa: graph, prd }, { author: user, message: 'add M-9' });
		assert.equal(v2.parent, v1.id);
		assert.deepEqual(v2.changed, ['prd', 'stpa']);
		assert.equal(v2.author.kind, 'user');

		const versions = await store.listVersions();
		assert.deepEqual(versions.map((v) => v.message), ['add M-9', 'initial analysis']);

		const diff = await store.diff(v1.id, v2.id);
		const g = diff.find((d) => d.kind === 'stpa')!.graph!;
		assert.deepEqual(g.nodesAdded.map((n) => n.id), ['M-9']);
		assert.deepEqual(g.nodesRemoved.map((n) => n.id), ['M-4']);
		assert.deepEqual(g.nodesChanged.map((c) => [c.id, c.fields]), [['M-2', ['status']]]);
		assert.deepEqual(g.edgesAdded.map((e) => `${e.source}-${e.kind}-${e.target}`), ['M-9-mitigates-T-3', 'M-9-implements-CC-2']);
		assert.deepEqual(g.edgesRemoved.map((e) => `${e.source}-${e.kind}-${e.target}`), ['T-3-locatedIn-CE-2']);
		assert.deepEqual(diff.find((d) => d.kind === 'prd')!.changes, [{ path: 'title', kind: 'changed', before: 'Shopfront', after: 'Shopfront 2' }]);
		assert.equal(diff.length, 2);

		const v3 = await store.restore(v1.id, { author: user, message: 'undo' });
		assert.equal(v3.parent, v2.id);
		assert.deepEqual(v3.documents, v1.documents);
		assert.deepEqual(await store.read('stpa'), sampleArtifacts().stpa);
		assert.equal((await store.read('prd'))!.title, 'Shopfront');
		assert.equal((await store.listVersions()).length, 3);
		// Old versions are immutable and still readable.
		assert.equal((await store.readAt(v2.id, 'prd'))!.title, 'Shopfront 2');
	});

	it('makes no version when nothing changed, and deletes documents with null', async () => {
		const { store } = await seeded();
		const head = await store.head();
		const same = await store.write({ prd: sampleArtifacts().prd }, { author: user, message: 'noop' });
		assert.equal(same.id, head);
		const v = await store.write({ runs: null }, { author: agent, message: 'drop runs' });
		assert.deepEqual(v.changed, ['runs']);
		assert.equal(await store.read('runs'), undefined);
		const diff = await store.diff(head!, v.id);
		assert.equal(diff[0]!.status, 'removed');
	});

	it('refuses to overwrite an unrecorded hand edit, then records it as a version', async () => {
		const { root, store } = await seeded();
		const path = file(root, 'prd.json');
		const edited = (await fs.readFile(path, 'utf8')).replace('"Shopfront"', '"Shopfront (edited)"');
		await fs.writeFile(path, edited);
		await assert.rejects(store.write({ prd: sampleArtifacts().prd }, { author: agent, message: 'x' }), (e: unknown) => {
			assert.ok(e instanceof StoreConflictError);
			assert.equal(e.reason, 'modifiedOnDisk');
			assert.equal(e.file, 'prd.json');
			return true;
		});
		assert.equal(await fs.readFile(path, 'utf8'), edited);
		const v = await store.recordWorkingChanges({ author: user, message: 'hand edit' });
		assert.deepEqual(v!.changed, ['prd']);
		assert.equal(await store.recordWorkingChanges({ author: user, message: 'again' }), undefined);
	});
});

describe('analysis store: concurrency', () => {
	it('two stores on one folder: the stale writer gets a conflict and wins after re-reading', async () => {
		const { root } = await seeded();
		const a = AnalysisStore.forWorkspace(root);
		const b = AnalysisStore.forWorkspace(root);
		const base = await a.head();
		assert.equal(await b.head(), base);
		await a.write({ prd: { ...sampleArtifacts().prd, title: 'from A' } }, { author: user, message: 'A' });
		await assert.rejects(b.write({ contract: { ...sampleArtifacts().contract, name: 'from B' } }, { author: agent, message: 'B' }), (e: unknown) => {
			assert.ok(e instanceof StoreConflictError);
			assert.equal(e.reason, 'headMoved');
			assert.equal(e.expectedHead, base);
			return true;
		});
		await b.head();
		await b.write({ contract: { ...sampleArtifacts().contract, name: 'from B' } }, { author: agent, message: 'B' });
		const c = AnalysisStore.forWorkspace(root);
		assert.equal((await c.read('prd'))!.title, 'from A');
		assert.equal((await c.read('contract'))!.name, 'from B');
		assert.deepEqual((await c.listVersions()).map((v) => v.message), ['B', 'A', 'initial analysis']);
	});

	it('many interleaved writers with retry lose no write and keep a single chain', async () => {
		const { root } = await seeded();
		const writers = [AnalysisStore.forWorkspace(root), AnalysisStore.forWorkspace(root)];
		let conflicts = 0;
		const perWriter = 15;
		await Promise.all(
			writers.map(async (store, w) => {
				for (let i = 0; i < perWriter; i++) {
					for (;;) {
						await store.head();
						const runs = (await store.read('runs'))!;
						const next = { ...runs, runs: [...runs.runs, { ...runs.runs[0]!, id: `w${w}-${i}` }] };
						await new Promise((r) => setTimeout(r, Math.random() * 3));
						try {
							await store.write({ runs: next }, { author: agent, message: `w${w}-${i}` });
							break;
						} catch (e) {
							if (!(e instanceof StoreConflictError)) {
								throw e;
							}
							conflicts++;
						}
					}
				}
			}),
		);
		const final = AnalysisStore.forWorkspace(root);
		const ids = (await final.read('runs'))!.runs.map((r) => r.id);
		assert.equal(ids.length, 1 + 2 * perWriter);
		for (let w = 0; w < 2; w++) {
			for (let i = 0; i < perWriter; i++) {
				assert.ok(ids.includes(`w${w}-${i}`), `w${w}-${i} kept`);
			}
		}
		const versions = await final.listVersions();
		assert.equal(versions.length, 1 + 2 * perWriter, 'one version per write, in one chain');
		assert.ok(conflicts > 0, 'the writers did collide');
		assert.equal(await fs.readdir(join(root, '.rampart', 'versions')).then((f) => f.includes('LOCK')), false);
	});

	it('takes over a stale lock and times out on a live one', async () => {
		const { root } = await seeded();
		const lock = file(root, 'versions/LOCK');
		await fs.writeFile(lock, JSON.stringify({ pid: 999999999, host: 'elsewhere', token: 'x', time: '2020-01-01T00:00:00Z' }));
		const old = new Date(Date.now() - 60_000);
		await fs.utimes(lock, old, old);
		const store = AnalysisStore.forWorkspace(root, { lockStaleMs: 30_000 });
		await store.write({ prd: { ...sampleArtifacts().prd, title: 'after stale lock' } }, { author: user, message: 'x' });
		await fs.writeFile(lock, JSON.stringify({ pid: process.pid, host: 'elsewhere', token: 'y' }));
		const blocked = AnalysisStore.forWorkspace(root, { lockTimeoutMs: 100 });
		await assert.rejects(blocked.write({ prd: sampleArtifacts().prd }, { author: user, message: 'y' }), StoreLockTimeoutError);
		await fs.rm(lock);
	});
});

describe('analysis store: graph rule errors in a file', () => {
	it('names the line of an edge the method does not allow', async () => {
		const root = await tempWorkspace();
		const store = AnalysisStore.forWorkspace(root);
		await store.write({ stpa: sampleArtifacts().stpa }, { author: agent, message: 'initial' });
		const path = file(root, 'stpa-sec.json');
		const graph = JSON.parse(await fs.readFile(path, 'utf8')) as StpaGraph;
		graph.edges.push({ kind: 'violates', source: 'M-1', target: 'SR-1' });
		const text = JSON.stringify(graph, null, 2);
		await fs.writeFile(path, text);
		await assert.rejects(AnalysisStore.forWorkspace(root).read('stpa'), (e: unknown) => {
			assert.ok(e instanceof StoreInvalidFileError);
			const problem = e.problems.find((p) => /a violates edge cannot go from mitigation M-1 to stakeholderRequirement SR-1/.test(p.message));
			assert.ok(problem);
			assert.equal(problem.path, `edges[${graph.edges.length - 1}].kind`);
			assert.match(text.split('\n')[problem.line! - 1]!, /"kind": "violates"/);
			return true;
		});
	});
});
