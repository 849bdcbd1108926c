// Acceptance 5 of issue 5: the hash-chained audit log; flipping any one byte makes verification
// fail at the entry holding that byte. Also: a real run records its tool calls, approvals and file changes.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AuditLog, verifyAuditLog, verifyAuditText } from '../../../src/core/agent/auditLog';
import { call, newRun, ScriptedModel, tempWorkspace } from './support';

describe('agent: audit log', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let file: string;

	beforeEach(async () => {
		ws = await tempWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
		file = join(ws.base, 'audit', 'audit.jsonl');
	});
	afterEach(() => ws.cleanup());

	it('records every tool call, approval and file change of a run, in a chain that verifies', async () => {
		const audit = await AuditLog.open(file);
		const model = new ScriptedModel([
			{ toolCalls: [call('c1', 'read_file', { path: 'src/a.ts' }), call('c2', 'write_file', { path: 'src/b.ts', content: 'export const b = 2;\n' }), call('c3', 'read_file', { path: '../x' })] },
			{ toolCalls: [call('c4', 'finish', { summary: 'ok' })] },
		]);
		const run = await newRun(ws.root, model, { audit });
		assert.equal((await run.send('go')).status, 'finished');
		const check = await verifyAuditLog(file);
		assert.ok(check.ok);
		const entries = (await fs.readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
		const summary = entries.map((e) => `${e.type}:${String(e.data.callId ?? e.data.path)}:${String(e.data.outcome ?? e.data.decision ?? '')}`);
		// The two reads ran concurrently (either may finish first); the write and finish come after them, in order.
		assert.deepEqual(summary.slice(0, 2).sort(), ['tool-call:c1:ok', 'tool-call:c3:error']);
		assert.deepEqual(summary.slice(2), ['approval:src/b.ts:auto', 'file-change:c2:', 'tool-call:c2:ok', 'tool-call:c4:finish']);
		assert.equal(check.entries, 6);
		assert.equal(check.head, audit.head);
	});

	it('fails verification at the entry holding any flipped byte', async () => {
		const audit = await AuditLog.open(file, () => new Date('2026-01-01T00:00:00.000Z'));
		await audit.append('run-start', { task: 'écrire le module' });
		await audit.append('tool-call', { callId: 'c1', tool: 'read_file', path: 'src/a.ts', outcome: 'ok' });
		await audit.append('approval', { category: 'write', path: 'src/b.ts', decision: 'approved' });
		await audit.append('file-change', { path: 'src/b.ts', before: null, after: 'ab'.repeat(32) });
		const bytes = await fs.readFile(file);
		assert.ok(verifyAuditText(bytes.toString('utf8')).ok);
		const lineOf = (offset: number) => bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
		for (let offset = 0; offset < bytes.length; offset++) {
			const copy = Buffer.from(bytes);
			copy[offset] ^= 0x01;
			const result = verifyAuditText(copy.toString('utf8'));
			assert.equal(result.ok, false, `flip at byte ${offset} was not detected`);
			assert.equal(result.ok ? 0 : result.line, lineOf(offset), `flip at byte ${offset} reported at the wrong entry (${result.ok ? '' : result.reason})`);
		}
		// Through the file API too, and a damaged log is not extended.
		const copy = Buffer.from(bytes);
		copy[bytes.indexOf('read_file')] ^= 0x01;
		await fs.writeFile(file, copy);
		const result = await verifyAuditLog(file);
		assert.deepEqual(result, { ok: false, line: 2, reason: 'content does not match its hash' });
		await assert.rejects(AuditLog.open(file), /damaged at line 2/);
	});

	it('detects a deleted or reordered entry', async () => {
		const audit = await AuditLog.open(file);
		for (let i = 0; i < 4; i++) {
			await audit.append('tool-call', { callId: `c${i}` });
		}
		const lines = (await fs.readFile(file, 'utf8')).split('\n').slice(0, -1);
		const without = [...lines.slice(0, 1), ...lines.slice(2)];
		assert.deepEqual(verifyAuditText(`${without.join('\n')}\n`), { ok: false, line: 2, reason: 'sequence number 3, expected 2' });
		const swapped = [lines[0], lines[2], lines[1], lines[3]];
		assert.equal((verifyAuditText(`${swapped.join('\n')}\n`) as { line: number }).line, 2);
	});

	it('keeps the chain intact under concurrent appends and across reopening', async () => {
		const audit = await AuditLog.open(file);
		await Promise.all(Array.from({ length: 20 }, (_, i) => audit.append('tool-call', { i })));
		const again = await AuditLog.open(file);
		await again.append('run-end', {});
		const check = await verifyAuditLog(file);
		assert.ok(check.ok && check.entries === 21);
	});
});
