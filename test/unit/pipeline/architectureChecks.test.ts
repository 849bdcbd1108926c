// Each of the eight cross-file checks fires on the defect it names and stays quiet on a clean design.
import * as assert from 'node:assert/strict';
import { buildIndex, checkDependencyCycle, checkDependencyWithoutExports, checkDuplicateSymbol, checkMissingDependency, checkNamingNearMiss, checkOrphanFile, checkParameterCountMismatch, checkUndeclaredCrossFileType, runArchitectureChecks } from '../../../src/core/pipeline/checks';
import { parseSignature } from '../../../src/core/pipeline/signatureParser';
import { cleanDesign, design, file } from './designFixtures';

const clean = buildIndex(cleanDesign());

describe('pipeline: architecture checks', () => {
	it('all eight report nothing on a consistent design', () => {
		assert.deepEqual(runArchitectureChecks(cleanDesign()), []);
	});

	it('signature parser: parameters, kinds and type references', () => {
		const f = parseSignature({ name: 'login', signature: 'login(db: Map<string, User>, creds: Credentials = defaults): Promise<Session>', exported: true });
		assert.equal(f.kind, 'function');
		assert.deepEqual(f.params?.map((p) => p.name), ['db', 'creds']);
		assert.deepEqual(f.typeRefs, ['Credentials', 'Session', 'User']);
		const py = parseSignature({ name: 'find', signature: 'def find(self, name: str) -> Optional[User]', exported: true });
		assert.deepEqual(py.params?.map((p) => p.name), ['name']);
		assert.deepEqual(py.typeRefs, ['User']);
		assert.equal(parseSignature({ name: 'User', signature: 'interface User { role: Role }', exported: true }).kind, 'interface');
		assert.deepEqual(parseSignature({ name: 'User', signature: 'interface User { role: Role }', exported: true }).typeRefs, ['Role']);
	});

	it('missing dependency: unknown and ambiguous targets', () => {
		const d = design(file('src/a.ts', [['a', 'a(): void']], ['src/nope.ts', 'src/b']), file('src/b.ts', [['b', 'b(): void']]), file('src/b.js', [['b', 'b(): void']]));
		const issues = checkMissingDependency(buildIndex(d));
		assert.equal(issues.length, 2);
		assert.match(issues[0]!.message, /src\/nope\.ts" is not a file/);
		assert.match(issues[1]!.message, /ambiguous/);
		assert.deepEqual(checkMissingDependency(clean), []);
	});

	it('dependency without exports: a source dependency that exports nothing', () => {
		const d = design(file('src/a.ts', [['a', 'a(): void']], ['src/util.ts', 'package.json']), file('src/util.ts', [['helper', 'helper(): void', false]]), file('package.json'));
		const issues = checkDependencyWithoutExports(buildIndex(d));
		assert.deepEqual(issues.map((i) => i.file), ['src/util.ts']);
		assert.deepEqual(checkDependencyWithoutExports(clean), []);
	});

	it('undeclared cross-file type: a type from a file that is not a dependency', () => {
		const d = design(file('src/types.ts', [['User', 'interface User { id: string }']]), file('src/db.ts', [['findUser', 'findUser(id: string): User']], []));
		const issues = checkUndeclaredCrossFileType(buildIndex(d));
		assert.equal(issues.length, 1);
		assert.match(issues[0]!.message, /src\/db\.ts uses type User, declared in src\/types\.ts/);
		assert.deepEqual(checkUndeclaredCrossFileType(clean), []);
	});

	it('naming near-miss: the user spells a type its dependency spells differently', () => {
		const d = design(file('src/types.ts', [['UserRecord', 'interface UserRecord { id: string }']]), file('src/db.ts', [['findUser', 'findUser(id: string): User_Record']], ['src/types.ts']));
		const issues = checkNamingNearMiss(buildIndex(d));
		assert.equal(issues.length, 1);
		assert.match(issues[0]!.message, /uses User_Record, but its dependency src\/types\.ts exports UserRecord/);
		const oneEdit = design(file('src/types.ts', [['Session', 'interface Session {}']]), file('src/a.ts', [['f', 'f(): Sessions']], ['src/types.ts']));
		assert.equal(checkNamingNearMiss(buildIndex(oneEdit)).length, 1);
		assert.deepEqual(checkNamingNearMiss(clean), []);
	});

	it('cycle: reports the path', () => {
		const d = design(file('src/a.ts', [['a', 'a(): void']], ['src/b.ts']), file('src/b.ts', [['b', 'b(): void']], ['src/a.ts']));
		const issues = checkDependencyCycle(buildIndex(d));
		assert.equal(issues.length, 1);
		assert.match(issues[0]!.message, /src\/a\.ts → src\/b\.ts → src\/a\.ts/);
		assert.deepEqual(checkDependencyCycle(clean), []);
	});

	it('orphan: an unconnected module, but not an entry point, test or config (and "mapper" is not "app")', () => {
		const d = design(file('src/mapper.ts', [['map', 'map(): void']]), file('src/index.ts', [['main', 'main(): void']]), file('test/a.test.ts'), file('tsconfig.json'));
		assert.deepEqual(checkOrphanFile(buildIndex(d)).map((i) => i.file), ['src/mapper.ts']);
		assert.deepEqual(checkOrphanFile(clean), []);
	});

	it('duplicate symbol: one file declares a name twice', () => {
		const d = design(file('src/a.ts', [['login', 'login(u: string): void'], ['login', 'login(u: string, p: string): void']]));
		const issues = checkDuplicateSymbol(buildIndex(d));
		assert.equal(issues.length, 1);
		assert.match(issues[0]!.message, /declares login 2 times/);
		assert.deepEqual(checkDuplicateSymbol(clean), []);
	});

	it('parameter-count mismatch: a wrapper and the function it wraps disagree', () => {
		const d = design(file('src/db.ts', [['findUser', 'findUser(name: string, tenant: string): void']]), file('src/service.ts', [['findUser', 'findUser(name: string): void']], ['src/db.ts']));
		const issues = checkParameterCountMismatch(buildIndex(d));
		assert.equal(issues.length, 1);
		assert.match(issues[0]!.message, /takes 1 parameter\(s\) but src\/db\.ts#findUser takes 2/);
		const same = design(file('src/db.ts', [['findUser', 'findUser(name: string): void']]), file('src/service.ts', [['findUser', 'findUser(n: string): void']], ['src/db.ts']));
		assert.deepEqual(checkParameterCountMismatch(buildIndex(same)), []);
	});
});
