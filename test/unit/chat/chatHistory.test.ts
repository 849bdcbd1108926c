// Issue 10: the history list behind the chat view — the real ConversationStore in a temporary
// workspace and a real ChatSession: list and search, open, new, rename, delete (the open one
// leaves an empty conversation), export as Markdown/JSON, and nothing switches while a turn runs.
import * as assert from 'node:assert/strict';
import { AnalysisSession } from '../../../src/core/analyst/analysisSession';
import { ChatHistory, exportFileName } from '../../../src/core/chat/chatHistory';
import { ChatSession } from '../../../src/core/chat/chatSession';
import { ConversationStore } from '../../../src/core/conversations/conversationStore';
import type { ChatModel } from '../../../src/core/llm/types';
import type { HostToChatMessage } from '../../../src/core/protocol/chatMessages';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { tempWorkspace, toolContext } from '../agent/support';

describe('chat history list', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let store: ConversationStore;
	let posted: HostToChatMessage[];
	let session: ChatSession;
	let history: ChatHistory;
	/** createModel waits on this, so a turn can be held "in flight". */
	let release: (error: Error) => void = () => undefined;

	beforeEach(async () => {
		ws = await tempWorkspace({ 'a.js': '1;\n' });
		let clock = Date.parse('2026-02-01T00:00:00Z');
		store = ConversationStore.forWorkspace(ws.root, () => new Date((clock += 60_000)));
		posted = [];
		const { approvals: _a, ...context } = await toolContext(ws.root);
		session = new ChatSession({
			conversations: store,
			analysis: new AnalysisSession(AnalysisStore.forWorkspace(ws.root)),
			createModel: () => new Promise<ChatModel>((_resolve, reject) => (release = reject)),
			context,
			policy: { read: 'auto', write: 'ask', command: 'deny' },
			post: (m) => posted.push(m),
		});
		history = new ChatHistory(store, session, (m) => posted.push(m));
	});
	afterEach(async () => {
		await ws.cleanup();
	});

	const lastOf = <T extends HostToChatMessage['type']>(type: T) => posted.filter((m): m is Extract<HostToChatMessage, { type: T }> => m.type === type).at(-1);

	async function seed(title: string, text: string): Promise<string> {
		const { id } = await store.create(title);
		await store.append(id, { entries: [{ kind: 'message', id: 'u', role: 'user', text }, { kind: 'message', id: 'a', role: 'assistant', text: `About: ${text}` }], messages: [{ role: 'user', content: text }] });
		return id;
	}

	it('lists newest first, marks the open one, and searches titles and text', async () => {
		const older = await seed('Login review', 'Is the login rate limited?');
		const newer = await seed('Payments', 'Where is card data stored?');
		await history.open(older);
		const list = lastOf('history');
		assert.deepEqual(list?.conversations.map((c) => [c.id, c.current, c.turns]), [[newer, false, 1], [older, true, 1]]);
		assert.equal(lastOf('conversation')?.conversation.id, older);

		await history.list('card DATA');
		assert.deepEqual(lastOf('history')?.conversations.map((c) => c.id), [newer]);
		assert.equal(lastOf('history')?.query, 'card DATA');
		await history.rename(newer, 'Card data at rest');
		assert.deepEqual(lastOf('history')?.conversations.map((c) => c.title), ['Card data at rest'], 'a change refreshes the list for the same query');
	});

	it('deleting the open conversation leaves an empty new one; New does the same without deleting', async () => {
		const keep = await seed('Keep', 'keep me');
		const drop = await seed('Drop', 'drop me');
		await history.open(drop);
		await history.delete(drop);
		assert.deepEqual(lastOf('conversation')?.conversation, { id: '', title: 'New conversation', entries: [] });
		assert.equal(session.currentConversation, undefined);
		assert.deepEqual((await store.list()).map((c) => c.id), [keep]);

		await history.open(keep);
		await history.startNew();
		assert.equal(lastOf('conversation')?.conversation.id, '');
		assert.deepEqual(lastOf('history')?.conversations.map((c) => c.current), [false]);
		assert.equal((await store.list()).length, 1);
	});

	it('exports Markdown and JSON with a file name made from the title', async () => {
		const id = await seed('Why does M-3 exist? / auth', 'Why does M-3 exist?');
		const markdown = await history.export(id, 'markdown');
		assert.equal(markdown.fileName, 'why-does-m-3-exist-auth.md');
		assert.match(markdown.text, /^# Why does M-3 exist\? \/ auth\n/);
		assert.match(markdown.text, /\*\*Rampart:\*\*\n\nAbout: Why does M-3 exist\?/);
		const json = await history.export(id, 'json');
		assert.equal(json.fileName, 'why-does-m-3-exist-auth.json');
		const parsed = JSON.parse(json.text) as { id: string; entries: unknown[]; messages: unknown[] };
		assert.equal(parsed.id, id);
		assert.equal(parsed.entries.length, 2);
		assert.equal(parsed.messages.length, 1);
		assert.equal(exportFileName('***', 'c-abcdef12', 'json'), 'c-abcdef12.json');
	});

	it('refuses to switch, start anew or delete the open conversation while a turn runs', async () => {
		const other = await seed('Other', 'other');
		const turn = session.send('a question that is still being answered');
		await new Promise((r) => setTimeout(r, 50));
		assert.equal(session.busy, true);
		const current = session.currentConversation;
		assert.ok(current);
		const shownBefore = posted.filter((m) => m.type === 'conversation').length;
		await history.open(other);
		await history.startNew();
		await history.delete(current);
		assert.equal(posted.filter((m) => m.type === 'conversation').length, shownBefore, 'nothing was switched');
		assert.equal(session.currentConversation, current);
		assert.ok(posted.filter((m) => m.type === 'chatEntry' && m.text.includes('still answering')).length >= 3);
		assert.ok((await store.list()).some((c) => c.id === current), 'the running conversation was not deleted');
		release(new Error('no model in this test'));
		await turn;
		assert.equal(session.busy, false);
	});
});
