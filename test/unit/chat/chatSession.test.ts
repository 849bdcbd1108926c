// The chat session between the view and the Security Analyst, through the real SDKs and the
// local wire-format server: what the view is told (streamed text, tool groups, approval cards,
// Stop), and what is stored so that a reload or a second window finds the conversation.
import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisSession } from '../../../src/core/analyst/analysisSession';
import { ChatSession } from '../../../src/core/chat/chatSession';
import { ConversationStore } from '../../../src/core/conversations/conversationStore';
import type { HostToChatMessage } from '../../../src/core/protocol/chatMessages';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import type { StpaGraph } from '../../../src/core/store/schemas';
import { repoRoot } from '../../support/fixtureCorpus';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { tempWorkspace, toolContext } from '../agent/support';
import { adapters, isolateProviderEnv } from '../llm/harness';

const example = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'store', 'shopfront.stpa-sec.json'), 'utf8')) as StpaGraph;
const call = (id: string, name: string, args: unknown) => ({ id, name, arguments: JSON.stringify(args) });

for (const adapter of adapters) {
	describe(`chat session through the ${adapter.name} SDK`, () => {
		isolateProviderEnv();
		let server: LlmServer;
		let ws: Awaited<ReturnType<typeof tempWorkspace>>;

		beforeEach(async () => {
			server = await startLlmServer({ script: [] });
			ws = await tempWorkspace({ 'src/auth.js': "const q = 'SELECT * FROM users WHERE id = ' + id;\n" });
			await AnalysisStore.forWorkspace(ws.root).write({ stpa: example }, { author: { kind: 'user', name: 'test' }, message: 'example' });
		});
		afterEach(async () => {
			await server.close();
			await ws.cleanup();
		});

		async function session(posted: HostToChatMessage[], policyWrite: 'ask' | 'auto' = 'ask'): Promise<ChatSession> {
			const { approvals: _a, ...context } = await toolContext(ws.root);
			return new ChatSession({
				conversations: ConversationStore.forWorkspace(ws.root),
				analysis: new AnalysisSession(AnalysisStore.forWorkspace(ws.root)),
				createModel: async () => adapter.create(server),
				context,
				policy: { read: 'auto', write: policyWrite, command: 'deny' },
				post: (m) => posted.push(m),
			});
		}

		it('streams the answer, groups parallel reads, stores the turn, and a reloaded view gets it all back', async () => {
			server.setScript([
				{ reply: { toolCalls: [call('c1', 'read_analysis', { ids: ['M-3'] }), call('c2', 'trace_to_requirements', { id: 'M-3' })] } },
				{ reply: { text: 'M-3 exists because of SR-2; see the trace above.', chunkSize: 6 } },
				{ expect: { lastUserContains: 'And M-1?' }, reply: { text: 'M-1 too.' } },
			]);
			const posted: HostToChatMessage[] = [];
			const chat = await session(posted);
			const outcome = await chat.send('Why does M-3 exist?');
			assert.equal(outcome?.status, 'answered');
			assert.deepEqual(server.failures, []);

			const types = posted.map((m) => m.type);
			assert.equal(types[0], 'busy');
			assert.equal(types.at(-1), 'busy');
			const group = posted.find((m) => m.type === 'toolGroup');
			assert.ok(group?.type === 'toolGroup');
			assert.deepEqual(group.calls.map((c) => [c.name, c.summary, c.readOnly]), [['read_analysis', '', true], ['trace_to_requirements', 'M-3', true]]);
			assert.deepEqual(posted.filter((m) => m.type === 'toolStatus').map((m) => m.type === 'toolStatus' && `${m.callId}:${m.state}`).sort(), ['c1:ok', 'c1:running', 'c2:ok', 'c2:running']);
			const deltas = posted.filter((m) => m.type === 'assistantDelta');
			assert.ok(deltas.length >= 5, `the answer arrived in pieces (${deltas.length})`);
			assert.equal(deltas.map((m) => (m.type === 'assistantDelta' ? m.text : '')).join(''), 'M-3 exists because of SR-2; see the trace above.');
			assert.ok(posted.some((m) => m.type === 'usage'));

			// A reload: a new session on the same workspace restores the conversation and its history.
			const again: HostToChatMessage[] = [];
			const reloaded = await session(again);
			await reloaded.open();
			const restored = again.find((m) => m.type === 'conversation');
			assert.ok(restored?.type === 'conversation');
			assert.deepEqual(restored.conversation.entries.map((e) => e.kind), ['message', 'tools', 'message']);
			const tools = restored.conversation.entries[1];
			assert.ok(tools?.kind === 'tools' && tools.calls.every((c) => c.state === 'ok'));
			await reloaded.send('And M-1?');
			assert.deepEqual(server.failures, []);
			const third = server.requests[2]?.normalized;
			assert.ok(third?.messages.some((m) => m.role === 'user' && m.text.includes('Why does M-3 exist?')), 'the model sees the earlier turns after the reload');
			assert.ok(third?.messages.some((m) => m.role === 'tool' && m.toolCallId === 'c2'), 'with their tool results');
		});

		it('a write waits for the approval card; the decision must name the change it was shown', async () => {
			server.setScript([
				{ reply: { toolCalls: [call('w1', 'edit_file', { path: 'src/auth.js', old_text: "'SELECT * FROM users WHERE id = ' + id", new_text: "['SELECT * FROM users WHERE id = ?', [id]]" })] } },
				{ reply: { text: 'Parameterised.' } },
			]);
			const posted: HostToChatMessage[] = [];
			const chat = await session(posted);
			const sent = chat.send('Fix the SQL injection in src/auth.js.');
			const request = await waitFor(posted, 'approvalRequest');
			assert.ok(request.type === 'approvalRequest');
			assert.match(request.approval.diff ?? '', /^-const q = 'SELECT \* FROM users WHERE id = ' \+ id;$/m);
			assert.match(request.approval.diff ?? '', /^\+const q = \['SELECT \* FROM users WHERE id = \?', \[id\]\];$/m);
			assert.equal(chat.decide(request.approval.approvalId, 'some-other-hash', true), false, 'a decision about another change is ignored');
			assert.equal(await fs.readFile(join(ws.root, 'src/auth.js'), 'utf8'), "const q = 'SELECT * FROM users WHERE id = ' + id;\n", 'nothing written before approval');
			assert.equal(chat.decide(request.approval.approvalId, request.approval.changeHash, true), true);
			const outcome = await sent;
			assert.equal(outcome?.status, 'answered');
			assert.equal(await fs.readFile(join(ws.root, 'src/auth.js'), 'utf8'), "const q = ['SELECT * FROM users WHERE id = ?', [id]];\n");
			assert.ok(posted.some((m) => m.type === 'approvalResolved' && m.approved));
			const stored = await ConversationStore.forWorkspace(ws.root).read((await ConversationStore.forWorkspace(ws.root).list())[0]!.id);
			assert.ok(stored.entries.some((e) => e.kind === 'approval' && e.resolved === 'approved'), 'the approval is on the record');
		});

		it('Stop cancels the streaming call and says so; nothing is lost', async () => {
			server.setScript([{ reply: { text: 'A long answer '.repeat(200), chunkSize: 4, pieceDelayMs: 20 } }]);
			const posted: HostToChatMessage[] = [];
			const chat = await session(posted);
			const sent = chat.send('Tell me everything.');
			await waitFor(posted, 'assistantDelta');
			chat.cancel();
			const outcome = await sent;
			assert.equal(outcome?.status, 'cancelled');
			const closed = await server.whenClosed(0);
			assert.ok(closed.clientClosed, 'the HTTP call was cut');
			assert.ok(posted.some((m) => m.type === 'chatEntry' && m.text === 'Stopped.'));
			const conversations = await ConversationStore.forWorkspace(ws.root).list();
			assert.equal(conversations.length, 1);
			const stored = await ConversationStore.forWorkspace(ws.root).read(conversations[0]!.id);
			assert.equal(stored.entries[0]?.kind === 'message' && stored.entries[0].text, 'Tell me everything.');
		});
	});
}

async function waitFor(posted: HostToChatMessage[], type: HostToChatMessage['type'], timeoutMs = 10_000): Promise<HostToChatMessage> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const hit = posted.find((m) => m.type === type);
		if (hit) {
			return hit;
		}
		if (Date.now() > deadline) {
			throw new Error(`no ${type} message within ${timeoutMs} ms; saw ${posted.map((m) => m.type).join(', ')}`);
		}
		await new Promise((r) => setTimeout(r, 10));
	}
}
