// Issue 10: `/arena` from the chat — the request line is parsed strictly, a workspace without a
// stored design gets a clear notice, a prompt variant really changes what the model is asked,
// and the comparison table is shown, stored with the conversation and back after a reload.
import * as assert from 'node:assert/strict';
import { AnalysisSession } from '../../../src/core/analyst/analysisSession';
import { parseArenaRequest, runThreatModelArena } from '../../../src/core/arena/arenaCommand';
import { runArena, type ArenaTask } from '../../../src/core/arena/arenaRunner';
import { PromptVariantModel } from '../../../src/core/arena/promptVariant';
import { ChatSession } from '../../../src/core/chat/chatSession';
import { ConversationStore } from '../../../src/core/conversations/conversationStore';
import { emptyUsage } from '../../../src/core/llm/types';
import type { HostToChatMessage } from '../../../src/core/protocol/chatMessages';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { tempWorkspace, toolContext } from '../agent/support';
import { adapters, isolateProviderEnv } from '../llm/harness';

describe('/arena in the chat', () => {
	isolateProviderEnv();
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let server: LlmServer;
	beforeEach(async () => {
		ws = await tempWorkspace({});
		server = await startLlmServer({ script: [] });
	});
	afterEach(async () => {
		await server.close();
		await ws.cleanup();
	});

	it('parses profiles, --parallel and --budget, and refuses anything else', () => {
		assert.deepEqual(parseArenaRequest('openai anthropic --parallel --budget $0.50'), { profileIds: ['openai', 'anthropic'], parallel: true, maxCostUsd: 0.5 });
		assert.deepEqual(parseArenaRequest(' local  local openai '), { profileIds: ['local', 'openai'], parallel: false });
		assert.match((parseArenaRequest('openai') as { error: string }).error, /at least two/);
		assert.match((parseArenaRequest('openai anthropic --budget -1') as { error: string }).error, /positive amount/);
		assert.match((parseArenaRequest('openai <img/src=x> ') as { error: string }).error, /is not a profile id/);
	});

	it('says what to do when there is no stored design', async () => {
		const request = parseArenaRequest('a b');
		assert.ok(!('error' in request));
		const profiles = ['a', 'b'].map((id) => ({ id, createModel: async () => adapters[0]!.create(server) }));
		await assert.rejects(runThreatModelArena(AnalysisStore.forWorkspace(ws.root), request, profiles), /run \/generate first/);
		assert.equal(server.requests.length, 0);
	});

	it('a prompt variant adds its instructions to the system message the provider gets', async () => {
		server.setScript([{ reply: { text: 'plain' } }, { reply: { text: 'varied' } }]);
		const model = adapters[0]!.create(server);
		const ask = { messages: [{ role: 'system' as const, content: 'You are a threat modeller.' }, { role: 'user' as const, content: 'Model it.' }] };
		await model.complete(ask);
		await new PromptVariantModel(model, 'Think like a payment-fraud attacker.').complete(ask);
		assert.equal(server.requests[0]?.normalized?.system, 'You are a threat modeller.');
		assert.equal(server.requests[1]?.normalized?.system, 'You are a threat modeller.\n\nThink like a payment-fraud attacker.');
	});

	it('shows the table, stores it with the conversation, and a reloaded view gets it back', async () => {
		const posted: HostToChatMessage[] = [];
		const { approvals: _a, ...context } = await toolContext(ws.root);
		const options = {
			conversations: ConversationStore.forWorkspace(ws.root),
			analysis: new AnalysisSession(AnalysisStore.forWorkspace(ws.root)),
			createModel: async () => adapters[0]!.create(server),
			context,
			policy: { read: 'auto', write: 'ask', command: 'deny' } as const,
		};
		const chat = new ChatSession({ ...options, post: (m) => posted.push(m) });
		const task: ArenaTask = {
			title: 'scripted task',
			run: async (_model, contestant) => ({ findings: { critical: 0, high: contestant.label === 'b' ? 0 : 2, medium: 0, low: 0 }, verification: 'not-run', completenessProblems: 0, usage: emptyUsage() }),
		};
		const contestants = ['a', 'b'].map((label) => ({ label, createModel: async () => adapters[0]!.create(server) }));
		const table = await chat.arena('/arena a b', async (signal) => ({ ...(await runArena(task, contestants, { signal })), applicable: true }));
		assert.deepEqual(table?.rows.map((r) => r.contestant), ['b', 'a']);
		const shown = posted.find((m) => m.type === 'arena');
		assert.ok(shown?.type === 'arena');
		assert.deepEqual(shown.table, table);
		assert.deepEqual(posted.filter((m) => m.type === 'busy').map((m) => m.type === 'busy' && m.busy), [true, false]);

		const again: HostToChatMessage[] = [];
		await new ChatSession({ ...options, post: (m) => again.push(m) }).open();
		const restored = again.find((m) => m.type === 'conversation');
		assert.ok(restored?.type === 'conversation');
		assert.deepEqual(restored.conversation.entries.map((e) => e.kind), ['message', 'arena']);
		const entry = restored.conversation.entries[1];
		assert.ok(entry?.kind === 'arena');
		assert.deepEqual(entry.table, { ...table, applicable: false }, 'after a reload the results are no longer held, so no Apply');
	});

	it('Stop skips the contestants not yet started', async () => {
		const posted: HostToChatMessage[] = [];
		const { approvals: _a, ...context } = await toolContext(ws.root);
		const chat = new ChatSession({
			conversations: ConversationStore.forWorkspace(ws.root),
			analysis: new AnalysisSession(AnalysisStore.forWorkspace(ws.root)),
			createModel: async () => adapters[0]!.create(server),
			context,
			policy: { read: 'auto', write: 'ask', command: 'deny' },
			post: (m) => posted.push(m),
		});
		const task: ArenaTask = {
			title: 'slow task',
			run: (_model, _c, signal) =>
				new Promise((resolve) => {
					chat.cancel();
					setTimeout(() => resolve({ findings: { critical: 0, high: 0, medium: 0, low: 0 }, verification: 'not-run', completenessProblems: signal.aborted ? 1 : 0, usage: emptyUsage() }), 10);
				}),
		};
		const contestants = ['a', 'b'].map((label) => ({ label, createModel: async () => adapters[0]!.create(server) }));
		const table = await chat.arena('/arena a b', (signal) => runArena(task, contestants, { signal }));
		assert.deepEqual(table?.rows.map((r) => [r.contestant, r.error ?? 'ran', r.completenessProblems]), [['a', 'ran', 1], ['b', 'skipped: the arena was stopped', 0]]);
	});
});
