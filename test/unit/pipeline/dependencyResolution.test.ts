// Dependency resolution is exact and deterministic; ambiguity and unknown paths are errors for the model.
import * as assert from 'node:assert/strict';
import { resolveAll, resolveDependency } from '../../../src/core/pipeline/dependencyResolution';
import { topologicalLayers } from '../../../src/core/pipeline/topologicalLayers';

const paths = ['src/db.ts', 'src/db.js', 'src/auth.ts', 'src/routes/index.ts', 'src/mapper.ts', 'package.json'];

describe('pipeline: dependency resolution', () => {
	it('resolves an exact path, and the same path spelled with ./ or backslashes', () => {
		assert.deepEqual(resolveDependency('src/auth.ts', paths), { ok: true, path: 'src/auth.ts' });
		assert.deepEqual(resolveDependency('./src/auth.ts', paths), { ok: true, path: 'src/auth.ts' });
		assert.deepEqual(resolveDependency('src\\auth.ts', paths), { ok: true, path: 'src/auth.ts' });
	});

	it('resolves an omitted extension or /index only when exactly one file matches', () => {
		assert.deepEqual(resolveDependency('src/auth', paths), { ok: true, path: 'src/auth.ts' });
		assert.deepEqual(resolveDependency('src/routes', paths), { ok: true, path: 'src/routes/index.ts' });
	});

	it('reports an ambiguous dependency with every candidate instead of guessing', () => {
		const r = resolveDependency('src/db', paths);
		assert.equal(r.ok, false);
		assert.ok(!r.ok && r.reason === 'ambiguous');
		assert.ok(!r.ok && r.candidates.join(',') === 'src/db.js,src/db.ts');
		assert.match(!r.ok ? r.message : '', /ambiguous.*src\/db\.js, src\/db\.ts/);
	});

	it('never matches by substring or suffix (the original pipeline did)', () => {
		const r = resolveDependency('app.ts', ['src/mapper.ts']);
		assert.equal(r.ok, false);
		const s = resolveDependency('db.ts', paths);
		assert.ok(!s.ok && s.reason === 'not-found');
		assert.match(!s.ok ? s.message : '', /did you mean src\/db\.js or src\/db\.ts\?/);
	});

	it('gives the same answer whatever the order of the file list', () => {
		const shuffled = [...paths].reverse();
		assert.deepEqual(resolveDependency('src/db', shuffled), resolveDependency('src/db', paths));
	});

	it('reports self-dependencies', () => {
		const r = resolveAll([{ path: 'a.ts', dependsOn: ['./a.ts'] }]);
		assert.equal(r.errors[0]?.reason, 'self');
	});
});

describe('pipeline: topological layers', () => {
	it('layers a DAG deterministically: each layer depends only on earlier ones', () => {
		const graph = new Map([
			['app.ts', ['auth.ts', 'db.ts']],
			['auth.ts', ['db.ts', 'types.ts']],
			['db.ts', ['types.ts']],
			['types.ts', []],
			['config.ts', []],
		]);
		const r = topologicalLayers(graph);
		assert.deepEqual(r.layers, [['config.ts', 'types.ts'], ['db.ts'], ['auth.ts'], ['app.ts']]);
		assert.deepEqual(r.cycles, []);
		assert.deepEqual(topologicalLayers(new Map([...graph].reverse())).layers, r.layers);
	});

	it('reports a cycle as a path and leaves the files on and behind it unlayered', () => {
		const r = topologicalLayers(new Map([
			['a.ts', ['b.ts']],
			['b.ts', ['c.ts']],
			['c.ts', ['a.ts']],
			['d.ts', ['a.ts']],
			['e.ts', []],
		]));
		assert.deepEqual(r.layers, [['e.ts']]);
		assert.deepEqual(r.cycles, [['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
		assert.deepEqual(r.blocked, ['a.ts', 'b.ts', 'c.ts', 'd.ts']);
	});
});
