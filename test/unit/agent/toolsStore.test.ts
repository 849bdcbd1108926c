// read_architecture and read_threats over a real `.rampart/` analysis store: what the model gets,
// the file / folder / function / status filters, and clear refusals for hostile filters, a missing
// store, a missing document and a corrupt one.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import type { Architecture, ThreatModel } from '../../../src/core/store/schemas';
import { ToolError } from '../../../src/core/agent/confinement';
import { readArchitectureTool } from '../../../src/core/agent/tools/readArchitecture';
import { readThreatsTool } from '../../../src/core/agent/tools/readThreats';
import type { ToolContext } from '../../../src/core/agent/tools/tool';
import { repoRoot } from '../../support/fixtureCorpus';
import { callContext, tempWorkspace, toolContext, treeHash } from './support';

const fixture = async <T>(name: string): Promise<T> => JSON.parse(await fs.readFile(join(repoRoot, 'test', 'fixtures', 'agent', 'tools', name), 'utf8')) as T;

async function refusal(run: Promise<unknown>, pattern: RegExp): Promise<void> {
	await assert.rejects(run, (error: unknown) => {
		assert.ok(error instanceof ToolError, `a ToolError, got ${String(error)}`);
		assert.match(error.message, pattern);
		return true;
	});
}

describe('agent tools: read_architecture and read_threats', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let ctx: ToolContext;

	beforeEach(async () => {
		ws = await tempWorkspace({ 'src/server.ts': 'export {};\n' });
		const store = AnalysisStore.forWorkspace(ws.root);
		await store.write({ architecture: await fixture<Architecture>('architecture.json'), threatModel: await fixture<ThreatModel>('threat-model.json') }, { author: { kind: 'user', name: 'test' }, message: 'fixture' });
		ctx = callContext({ ...(await toolContext(ws.root)), store: AnalysisStore.forWorkspace(ws.root) });
	});
	afterEach(() => ws.cleanup());

	it('lists every file with purpose, dependencies, dependents, API signatures and packages', async () => {
		const { content } = await readArchitectureTool.execute({}, ctx);
		assert.match(content, /^Architecture: 3 files, 1 packages\./);
		assert.match(content, /- express@5\.1\.0 — HTTP server/);
		assert.match(content, /## src\/db\.ts \(typescript\)\nPurpose: Parameterised queries over the user table\.\nDepends on: nothing in the project\nUsed by: src\/server\.ts, src\/routes\/login\.ts/);
		assert.match(content, /- export handleLogin\(req: Request, res: Response\): Promise<void>/);
		assert.match(content, /- rateKey\(req: Request\): string/, 'unexported API is shown without export');
	});

	it('narrows to one file or one folder', async () => {
		const one = (await readArchitectureTool.execute({ file: './src//db.ts' }, ctx)).content;
		assert.match(one, /^Architecture of src\/db\.ts: 1 of 3 files\./);
		assert.doesNotMatch(one, /handleLogin/);
		const folder = (await readArchitectureTool.execute({ file: 'src/routes' }, ctx)).content;
		assert.match(folder, /1 of 3 files/);
		assert.match(folder, /## src\/routes\/login\.ts/);
		await refusal(readArchitectureTool.execute({ file: 'src/nothing.ts' }, ctx), /no file at or under "src\/nothing\.ts"\. It lists 3 files, e\.g\. src\/server\.ts/);
	});

	it('refuses hostile filters with the confinement message', async () => {
		const before = await treeHash(ws.base);
		await refusal(readArchitectureTool.execute({ file: '../../etc/passwd' }, ctx), /climbs out of the workspace/);
		await refusal(readArchitectureTool.execute({ file: '/etc/passwd' }, ctx), /is absolute/);
		await refusal(readThreatsTool.execute({ file: 'src/\0db.ts' }, ctx), /NUL byte/);
		assert.equal(await treeHash(ws.base), before);
	});

	it('says clearly when there is no store, no document, or a corrupt one', async () => {
		const noStore = callContext(await toolContext(ws.root));
		await refusal(readArchitectureTool.execute({}, noStore), /No analysis store is open/);
		const empty = await tempWorkspace({});
		try {
			const bare = callContext({ ...(await toolContext(empty.root)), store: AnalysisStore.forWorkspace(empty.root) });
			await refusal(readThreatsTool.execute({}, bare), /has no threat model \(\.rampart\/threat-model\.json\) yet/);
		} finally {
			await empty.cleanup();
		}
		await fs.writeFile(join(ws.root, '.rampart', 'architecture.json'), '{ "schemaVersion": 1, "files": [ ');
		await refusal(readArchitectureTool.execute({}, ctx), /architecture document \(\.rampart\/architecture\.json\) exists but could not be read: .*architecture\.json/);
		const arch = await fixture<Architecture>('architecture.json');
		arch.files[0].dependsOn.push('src/missing.ts');
		await fs.writeFile(join(ws.root, '.rampart', 'architecture.json'), JSON.stringify(arch));
		await refusal(readArchitectureTool.execute({}, ctx), /depends on unknown file src\/missing\.ts/);
	});

	it('lists threats with CWE, protection and status, open and most severe first', async () => {
		const { content } = await readThreatsTool.execute({}, ctx);
		assert.match(content, /^3 threats \(2 open or in progress, of 3 in the model\)\./);
		assert.match(content, /Security context: A shop back end/);
		const order = [...content.matchAll(/^## (T-\d+)/gm)].map((m) => m[1]);
		assert.deepEqual(order, ['T-1', 'T-3', 'T-2']);
		assert.match(content, /## T-1 \[high\] Credential stuffing against the login\nWhere: src\/routes\/login\.ts#handleLogin \(line 12\)\nCWE: CWE-307 · STRIDE: spoofing · status: open/);
		assert.match(content, /Required protection: Rate-limit by account and IP/);
		assert.match(content, /CWE: not classified/);
		assert.match(content, /Evidence: src\/db\.ts uses placeholders/);
	});

	it('filters threats by file, function and status', async () => {
		const login = (await readThreatsTool.execute({ file: 'src/routes/login.ts' }, ctx)).content;
		assert.deepEqual([...login.matchAll(/^## (T-\d+)/gm)].map((m) => m[1]), ['T-1', 'T-3']);
		const fn = (await readThreatsTool.execute({ file: 'src/routes/login.ts', function: 'issueSession' }, ctx)).content;
		assert.deepEqual([...fn.matchAll(/^## (T-\d+)/gm)].map((m) => m[1]), ['T-3']);
		const mitigated = (await readThreatsTool.execute({ status: 'mitigated' }, ctx)).content;
		assert.deepEqual([...mitigated.matchAll(/^## (T-\d+)/gm)].map((m) => m[1]), ['T-2']);
		assert.equal((await readThreatsTool.execute({ file: 'src/server.ts' }, ctx)).content, 'No threats for src/server.ts in the threat model (it has 3 threats in all).');
		await refusal(readThreatsTool.execute({ function: 'handleLogin' }, ctx), /function needs file/);
	});

	it('rejects unknown arguments through the schema', () => {
		const parsed = readThreatsTool.definition.schema.safeParse({ file: 'src/db.ts', cmd: 'rm -rf /' });
		assert.equal(parsed.success, false);
		assert.equal(readThreatsTool.definition.schema.safeParse({ status: 'pwned' }).success, false);
	});
});
