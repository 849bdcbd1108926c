// Acceptance (approvals) of issue 5: an approval is bound to the SHA-256 of the exact change; when
// the file changed on disk after the approval, the write is refused and asked again.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { changeHashOf, contentHash, type ApprovalPort, type WriteApprovalRequest } from '../../../src/core/agent/approvals';
import { AuditLog } from '../../../src/core/agent/auditLog';
import { callContext, call, newRun, ScriptedModel, tempWorkspace, toolContext } from './support';
import { writeFileTool } from '../../../src/core/agent/tools/writeFile';
import { editFileTool } from '../../../src/core/agent/tools/editFile';

describe('agent: approvals', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	const target = () => join(ws.root, 'src/config.ts');

	beforeEach(async () => {
		ws = await tempWorkspace({ 'src/config.ts': 'export const port = 8080;\n' });
	});
	afterEach(() => ws.cleanup());

	it('binds the approval to the hash of path, base content and new content', async () => {
		const seen: WriteApprovalRequest[] = [];
		const port: ApprovalPort = { requestWrite: async (r) => (seen.push(r), { approved: true, changeHash: r.changeHash }) };
		const ctx = await toolContext(ws.root, { policy: { write: 'ask' }, port });
		await writeFileTool.execute({ path: 'src/config.ts', content: 'export const port = 443;\n' }, callContext(ctx));
		assert.equal(seen.length, 1);
		assert.equal(seen[0].baseHash, contentHash('export const port = 8080;\n'));
		assert.equal(seen[0].changeHash, changeHashOf('src/config.ts', seen[0].baseHash, 'export const port = 443;\n'));
		assert.equal(seen[0].before, 'export const port = 8080;\n');
		assert.equal(await fs.readFile(target(), 'utf8'), 'export const port = 443;\n');
	});

	it('refuses the write when the file changed after the approval, and asks again', async () => {
		const seen: WriteApprovalRequest[] = [];
		const port: ApprovalPort = {
			requestWrite: async (r) => {
				seen.push(r);
				if (seen.length === 1) {
					// The user (or another tool) edits the file while the approval dialog is open.
					await fs.writeFile(target(), 'export const port = 9090;\nexport const host = "::1";\n');
				}
				return { approved: true, changeHash: r.changeHash };
			},
		};
		const audit = await AuditLog.open(join(ws.base, 'audit.jsonl'));
		const ctx = await toolContext(ws.root, { policy: { write: 'ask' }, port, audit });
		const out = await editFileTool.execute({ path: 'src/config.ts', old_text: 'export const port = ', new_text: 'export const PORT = ' }, callContext(ctx));
		assert.match(out.content, /Edited src\/config\.ts/);
		assert.equal(seen.length, 2, 'asked again after the file changed');
		assert.notEqual(seen[1].changeHash, seen[0].changeHash);
		assert.equal(seen[1].before, 'export const port = 9090;\nexport const host = "::1";\n', 'the second request shows the new disk content');
		// The edit was recomputed on the new content: the user's change is kept.
		assert.equal(await fs.readFile(target(), 'utf8'), 'export const PORT = 9090;\nexport const host = "::1";\n');
		const decisions = (await fs.readFile(join(ws.base, 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { data: { decision?: string } }).data.decision).filter(Boolean);
		assert.deepEqual(decisions, ['approved', 'stale', 'approved']);
	});

	it('gives up without writing when the file keeps changing', async () => {
		let n = 0;
		const port: ApprovalPort = {
			requestWrite: async (r) => {
				await fs.writeFile(target(), `export const port = ${++n};\n`);
				return { approved: true, changeHash: r.changeHash };
			},
		};
		const ctx = await toolContext(ws.root, { policy: { write: 'ask' }, port });
		await assert.rejects(writeFileTool.execute({ path: 'src/config.ts', content: 'export const port = 443;\n' }, callContext(ctx)), /kept changing on disk while its change was being approved \(3 attempts\); nothing was written/);
		assert.equal(await fs.readFile(target(), 'utf8'), 'export const port = 3;\n');
	});

	it('refuses an approval that names a different change', async () => {
		const port: ApprovalPort = { requestWrite: async () => ({ approved: true, changeHash: changeHashOf('src/config.ts', 'absent', 'something else') }) };
		const ctx = await toolContext(ws.root, { policy: { write: 'ask' }, port });
		await assert.rejects(writeFileTool.execute({ path: 'src/config.ts', content: 'export const port = 1;\n' }, callContext(ctx)), /approval received was for a different change/);
		assert.equal(await fs.readFile(target(), 'utf8'), 'export const port = 8080;\n');
	});

	it('reports a rejection and a deny policy to the model, without writing', async () => {
		const port: ApprovalPort = { requestWrite: async (r) => ({ approved: false, changeHash: r.changeHash, reason: 'use port 8443' }) };
		const model = new ScriptedModel([{ toolCalls: [call('c1', 'write_file', { path: 'src/config.ts', content: 'export const port = 1;\n' })] }, { text: 'ok' }]);
		const run = await newRun(ws.root, model, { policy: { write: 'ask' }, port, textEndsTurn: true });
		await run.send('change the port');
		assert.match(model.requests[1].at(-1)?.content ?? '', /The user did not approve the change to src\/config\.ts: use port 8443\. The file was not changed\./);
		const denied = await toolContext(ws.root, { policy: { write: 'deny' } });
		await assert.rejects(writeFileTool.execute({ path: 'src/new.ts', content: 'x;\n' }, callContext(denied)), /disabled by the approval policy/);
		assert.equal(await fs.readFile(target(), 'utf8'), 'export const port = 8080;\n');
	});
});
