// Issue 10: conversations survive reloads and two windows. Real folders, real child processes.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationStore } from '../../../src/core/conversations/conversationStore';
import { repoRoot } from '../../support/fixtureCorpus';

function writer(root: string, id: string, count: number, tag: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'conversationWriter.ts'), root, id, String(count), tag], { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${tag} exited ${code}: ${stderr}`))));
	});
}

describe('conversation store', () => {
	let root: string;
	beforeEach(async () => {
		root = await fs.mkdtemp(join(tmpdir(), 'rampart-conv-'));
	});
	afterEach(async () => {
		await fs.rm(root, { recursive: true, force: true });
	});

	it('stores turns and gives back entries and model messages in order', async () => {
		let clock = Date.parse('2026-01-01T00:00:00Z');
		const store = ConversationStore.forWorkspace(root, () => new Date((clock += 1000)));
		const c = await store.create('Login review');
		await store.append(c.id, { entries: [{ kind: 'message', id: 'u1', role: 'user', text: 'Is login safe?' }], messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'Is login safe?' }] });
		await store.append(c.id, { entries: [{ kind: 'message', id: 'a1', role: 'assistant', text: 'See M-3.' }], messages: [{ role: 'assistant', content: 'See M-3.' }] });
		const read = await store.read(c.id);
		assert.deepEqual(read.entries.map((e) => e.id), ['u1', 'a1']);
		assert.deepEqual(read.messages.map((m) => m.role), ['user', 'assistant'], 'the system prompt is not stored');
		assert.equal(read.turns, 2);
		assert.equal(read.updatedAt, '2026-01-01T00:00:03.000Z');
		assert.deepEqual(read.problems, []);
	});

	it('lists newest first, renames, searches titles and text, deletes', async () => {
		const store = ConversationStore.forWorkspace(root);
		const a = await store.create('First');
		await store.append(a.id, { entries: [{ kind: 'message', id: 'x', role: 'user', text: 'about CSRF tokens' }], messages: [] });
		await new Promise((r) => setTimeout(r, 5));
		const b = await store.create('Second');
		await store.append(b.id, { entries: [{ kind: 'message', id: 'y', role: 'user', text: 'hello' }], messages: [] });
		assert.deepEqual((await store.list()).map((s) => s.title), ['Second', 'First']);
		await store.rename(a.id, 'CSRF review');
		assert.deepEqual((await store.search('csrf')).map((s) => s.id), [a.id]);
		assert.deepEqual((await store.search('HELLO')).map((s) => s.id), [b.id]);
		await store.delete(a.id);
		assert.deepEqual((await store.list()).map((s) => s.id), [b.id]);
		await assert.rejects(store.read(a.id), /no conversation/);
	});

	it('a damaged turn file is reported, kept on disk and skipped; the other turns load', async () => {
		const store = ConversationStore.forWorkspace(root);
		const c = await store.create('Damaged');
		await store.append(c.id, { entries: [{ kind: 'message', id: 'ok', role: 'user', text: 'kept' }], messages: [] });
		const turns = join(root, '.rampart', 'conversations', c.id, 'turns');
		await fs.writeFile(join(turns, '000000000000001-broken.json'), '{"schemaVersion":1,"at":');
		const read = await store.read(c.id);
		assert.deepEqual(read.entries.map((e) => e.id), ['ok']);
		assert.equal(read.problems.length, 1);
		assert.match(read.problems[0]!, /000000000000001-broken\.json/);
		assert.ok((await fs.readdir(turns)).includes('000000000000001-broken.json'), 'the damaged file is not deleted');
		await fs.writeFile(join(root, '.rampart', 'conversations', c.id, 'meta.json'), 'garbage');
		await assert.rejects(store.read(c.id), /meta\.json is damaged.*turns are still/);
	});

	it('refuses ids that could reach outside the conversations folder', async () => {
		const store = ConversationStore.forWorkspace(root);
		for (const id of ['../x', 'c-../../etc', '/abs', 'c-ok/../../x', '']) {
			await assert.rejects(store.read(id), /not a conversation id/);
			await assert.rejects(store.append(id, { entries: [], messages: [] }), /not a conversation id/);
		}
	});

	it('two processes appending to one conversation at once keep every turn', async function () {
		this.timeout(120_000);
		const store = ConversationStore.forWorkspace(root);
		const c = await store.create('Two windows');
		const count = 60;
		await Promise.all([writer(root, c.id, count, 'A'), writer(root, c.id, count, 'B')]);
		const read = await store.read(c.id);
		assert.deepEqual(read.problems, []);
		const ids = read.entries.map((e) => e.id);
		assert.equal(ids.length, 2 * count);
		for (const tag of ['A', 'B']) {
			const mine = ids.filter((id) => id.startsWith(`${tag}-`));
			assert.deepEqual(mine, Array.from({ length: count }, (_, i) => `${tag}-${i}`), `window ${tag}'s turns are all there, in its order`);
		}
	});
});

describe('conversation export', () => {
	it('writes Markdown with messages, tool calls and approvals, and JSON that parses back', async () => {
		const { conversationToJson, conversationToMarkdown } = await import('../../../src/core/conversations/conversationExport');
		const conversation = {
			id: 'c-abc123',
			title: 'Review',
			createdAt: '2026-01-01T00:00:00.000Z',
			updatedAt: '2026-01-01T00:01:00.000Z',
			turns: 1,
			problems: [],
			messages: [{ role: 'user' as const, content: 'hi' }],
			entries: [
				{ kind: 'message' as const, id: 'u', role: 'user' as const, text: 'Why M-3?' },
				{ kind: 'tools' as const, id: 't', calls: [{ id: 'c1', name: 'trace_to_requirements', summary: 'M-3', readOnly: true, state: 'ok' as const }] },
				{ kind: 'approval' as const, id: 'a', approval: { approvalId: 'a', kind: 'command' as const, title: 'tests', command: 'npm test', changeHash: 'h' }, resolved: 'approved' as const },
			],
		};
		const md = conversationToMarkdown(conversation);
		assert.match(md, /^# Review/);
		assert.match(md, /\*\*You:\*\*\n\nWhy M-3\?/);
		assert.match(md, /tool `trace_to_requirements` M-3 — ok/);
		assert.match(md, /command "tests": approved\n\n```sh\nnpm test\n```/);
		assert.deepEqual(JSON.parse(conversationToJson(conversation)).entries, conversation.entries);
	});
});
