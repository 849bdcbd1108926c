import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AnalysisStore, serialiseDocument } from '../../../src/core/store/analysisStore';
import { canonicalJson } from '../../../src/core/store/canonicalJson';
import { locateJsonPath } from '../../../src/core/store/jsonLocate';
import { ARTIFACT_KINDS, ARTIFACTS, stpaGraphSchema } from '../../../src/core/store/schemas';
import { loadShopfront, sampleArtifacts, tempWorkspace, user } from './helpers';

describe('store schemas', () => {
	it('round-trips every artifact through the store, as canonical JSON files (the contract as YAML)', async () => {
		const root = await tempWorkspace();
		const store = AnalysisStore.forWorkspace(root);
		const docs = sampleArtifacts();
		const version = await store.write(docs, { author: user, message: 'initial' });
		assert.deepEqual([...version.changed].sort(), [...ARTIFACT_KINDS].sort());
		const fresh = AnalysisStore.forWorkspace(root);
		for (const kind of ARTIFACT_KINDS) {
			assert.deepEqual(await fresh.read(kind), docs[kind], kind);
			assert.deepEqual(await fresh.readAt(version.id, kind), docs[kind], `${kind} in version`);
			const text = await fs.readFile(join(root, '.rampart', ARTIFACTS[kind].file), 'utf8');
			if (kind === 'contract') {
				assert.equal(text, serialiseDocument('contract', docs.contract), 'the contract is YAML');
				continue;
			}
			assert.equal(text, canonicalJson(docs[kind]), `${kind} file is canonical`);
			assert.ok(text.endsWith('}\n') && text.includes('\n  "'), `${kind} is 2-space indented with trailing newline`);
		}
	});

	it('writes keys in a stable order whatever the input order', () => {
		const a = canonicalJson({ b: 1, id: 'x', a: { z: 1, y: [{ d: 1, c: 2 }] }, schemaVersion: 1 });
		const b = canonicalJson({ a: { y: [{ c: 2, d: 1 }], z: 1 }, schemaVersion: 1, id: 'x', b: 1 });
		assert.equal(a, b);
		assert.ok(a.indexOf('schemaVersion') < a.indexOf('"id"') && a.indexOf('"id"') < a.indexOf('"a"'));
	});

	it('the worked example has every node kind', () => {
		const kinds = new Set(loadShopfront().nodes.map((n) => n.kind));
		assert.equal(kinds.size, 17);
	});

	it('rejects edges between kinds the method does not allow', () => {
		const g = loadShopfront();
		const bad = { ...g, edges: [...g.edges, { kind: 'mitigates', source: 'M-1', target: 'SH-1' }] };
		const r = stpaGraphSchema.safeParse(bad);
		assert.equal(r.success, false);
		assert.match(r.error!.issues.map((i) => i.message).join('\n'), /a mitigates edge cannot go from mitigation M-1 to stakeholder SH-1/);
	});

	it('rejects unknown endpoints, duplicate ids, wrong id prefixes and bad control-action ends', () => {
		const g = loadShopfront();
		const cases: [unknown, RegExp][] = [
			[{ ...g, edges: [{ kind: 'concerns', source: 'SR-9', target: 'SH-1' }] }, /unknown node SR-9/],
			[{ ...g, nodes: [...g.nodes, g.nodes[0]] }, /duplicate node id SH-1/],
			[{ ...g, nodes: [...g.nodes, { id: 'X-1', kind: 'loss', label: 'x' }] }, /loss id "X-1" must look like L-1/],
			[{ ...g, nodes: g.nodes.map((n) => (n.id === 'CA-1' ? { ...n, to: 'L-1' } : n)) }, /CA-1.to "L-1" is not a controller/],
			[{ ...g, edges: [...g.edges, g.edges[0]] }, /duplicate edge/],
		];
		for (const [doc, message] of cases) {
			const r = stpaGraphSchema.safeParse(doc);
			assert.equal(r.success, false);
			assert.match(r.error!.issues.map((i) => i.message).join('\n'), message);
		}
	});

	it('accepts H- and V- ids for vulnerabilities and dotted sub-hazards', () => {
		const g = loadShopfront();
		const doc = { ...g, nodes: [...g.nodes, { id: 'V-7', kind: 'vulnerability', label: 'v' }, { id: 'H-1.2', kind: 'vulnerability', label: 'sub' }] };
		assert.equal(stpaGraphSchema.safeParse(doc).success, true);
	});

	it('refuses to write an invalid document and names the artifact', async () => {
		const store = AnalysisStore.forWorkspace(await tempWorkspace());
		const prd = { ...sampleArtifacts().prd, features: [{ id: 'bad', title: '', description: '', acceptance: [] }] };
		await assert.rejects(store.write({ prd }, { author: user, message: 'x' }), (e: Error & { code?: string; file?: string }) => {
			assert.equal(e.code, 'invalidFile');
			assert.equal(e.file, 'prd.json (new content)');
			assert.match(e.message, /features\[0\]\.id/);
			return true;
		});
		assert.deepEqual(await store.listVersions(), []);
	});
});

describe('locateJsonPath', () => {
	const text = canonicalJson({ schemaVersion: 1, nodes: [{ id: 'A', tags: ['x', 'y'] }, { id: 'B', 'we"ird': { z: [1, { q: true }] } }] });

	it('finds nested object keys and array items', () => {
		const lines = text.split('\n');
		const lineOf = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 1;
		assert.equal(locateJsonPath(text, ['nodes', 1, 'id'])?.line, lineOf('"B"'));
		assert.equal(locateJsonPath(text, ['nodes', 0, 'tags', 1])?.line, lineOf('"y"'));
		assert.equal(locateJsonPath(text, ['nodes', 1, 'we"ird', 'z', 1, 'q'])?.line, lineOf('"q"'));
		assert.equal(locateJsonPath(text, ['nodes', 5]), undefined);
		assert.equal(locateJsonPath(text, [])?.line, 1);
	});
});
