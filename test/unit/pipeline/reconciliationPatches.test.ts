// Reconciliation patches really change the design, and re-validation sees the change.
import * as assert from 'node:assert/strict';
import { runArchitectureChecks } from '../../../src/core/pipeline/checks';
import { applyPatches } from '../../../src/core/pipeline/reconciliationPatches';
import { design, file } from './designFixtures';

describe('pipeline: reconciliation patches', () => {
	const broken = () =>
		design(
			file('src/types.ts', [['User', 'interface User { id: string }']]),
			file('src/db.ts', [['findUser', 'findUser(id: string): User']], []),
			file('src/app.ts', [['main', 'main(): void']], ['src/db.ts']),
		);

	it('a patch changes the design and the issue it targeted is gone on re-validation', () => {
		const before = broken();
		assert.deepEqual(runArchitectureChecks(before).map((i) => `${i.check} ${i.file}`), ['undeclared-cross-file-type src/db.ts', 'orphan-file src/types.ts']);
		const outcome = applyPatches(before, [{ op: 'addDependency', path: './src/db.ts', dependency: 'src/types.ts' }]);
		assert.equal(outcome.applied.length, 1);
		assert.deepEqual(outcome.design.files[1]!.dependsOn, ['src/types.ts']);
		assert.deepEqual(before.files[1]!.dependsOn, [], 'the input is not modified');
		assert.deepEqual(runArchitectureChecks(outcome.design), []);
	});

	it('replaceFile, renameSymbol, setSignature, addFile and removeFile apply', () => {
		const outcome = applyPatches(broken(), [
			{ op: 'replaceFile', file: { path: 'src/app.ts', purpose: 'entry', language: 'typescript', api: [{ name: 'start', signature: 'start(port: number): void', exported: true }], dependsOn: ['src/db.ts'] } },
			{ op: 'renameSymbol', path: 'src/db.ts', from: 'findUser', to: 'findUserById' },
			{ op: 'setSignature', path: 'src/types.ts', name: 'Role', signature: "type Role = 'admin' | 'user'" },
			{ op: 'addFile', file: { path: 'README.md', purpose: 'docs', language: 'markdown', api: [], dependsOn: [] } },
			{ op: 'removeFile', path: 'README.md' },
		]);
		assert.equal(outcome.rejected.length, 0);
		const db = outcome.design.files.find((f) => f.path === 'src/db.ts')!;
		assert.equal(db.api[0]!.name, 'findUserById');
		assert.equal(db.api[0]!.signature, 'findUserById(id: string): User');
		assert.equal(outcome.design.files.find((f) => f.path === 'src/app.ts')!.api[0]!.name, 'start');
		assert.ok(outcome.design.files.find((f) => f.path === 'src/types.ts')!.api.some((a) => a.name === 'Role'));
		assert.equal(outcome.design.files.some((f) => f.path === 'README.md'), false);
	});

	it('rejects patches that do not fit, with a reason, and applies the rest', () => {
		const outcome = applyPatches(broken(), [
			{ op: 'replaceFile', file: { path: 'src/ghost.ts', purpose: '', language: 'typescript', api: [], dependsOn: [] } },
			{ op: 'renameSymbol', path: 'src/db.ts', from: 'nothing', to: 'x' },
			{ op: 'addDependency', path: 'src/db.ts', dependency: 'src/types.ts' },
		]);
		assert.deepEqual(outcome.rejected.map((r) => r.reason), ['no file src/ghost.ts to replace (use addFile for a new file)', 'no symbol nothing in src/db.ts']);
		assert.equal(outcome.applied.length, 1);
	});
});
