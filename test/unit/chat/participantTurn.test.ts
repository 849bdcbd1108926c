// Issue 10: the `@rampart` chat participant's turn (the part below VS Code's Chat API), through
// the real SDKs and the local wire-format server: the same analyst tools, the answer streamed as
// Markdown, tool calls as progress, the chat's earlier turns as history — and a write that would
// need an approval card is refused, because VS Code's Chat view cannot show one.
import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisSession } from '../../../src/core/analyst/analysisSession';
import { answerParticipantTurn, participantNote, participantPolicy } from '../../../src/core/chat/participantTurn';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import type { StpaGraph } from '../../../src/core/store/schemas';
import { repoRoot } from '../../support/fixtureCorpus';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { tempWorkspace, toolContext } from '../agent/support';
import { adapters, isolateProviderEnv } from '../llm/harness';

const example = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'store', 'shopfront.stpa-sec.json'), 'utf8')) as StpaGraph;
const call = (id: string, name: string, args: unknown) => ({ id, name, arguments: JSON.stringify(args) });
const source = "const q = 'SELECT * FROM users WHERE id = ' + id;\n";

describe('@rampart participant turn', () => {
	it('turns "ask" into "deny" and keeps every other mode', () => {
		assert.deepEqual(participantPolicy({ read: 'auto', write: 'ask', command: 'ask' }), { read: 'auto', write: 'deny', command: 'deny' });
		assert.deepEqual(participantPolicy({ read: 'ask', write: 'auto', command: 'deny' }), { read: 'ask', write: 'auto', command: 'deny' });
	});

	for (const adapter of adapters.filter((a) => a.name !== 'openai-compatible')) {
		describe(`through the ${adapter.name} SDK`, () => {
			isolateProviderEnv();
			let server: LlmServer;
			let ws: Awaited<ReturnType<typeof tempWorkspace>>;
			beforeEach(async () => {
				server = await startLlmServer({ script: [] });
				ws = await tempWorkspace({ 'src/auth.js': source });
				await AnalysisStore.forWorkspace(ws.root).write({ stpa: example }, { author: { kind: 'user', name: 'test' }, message: 'example' });
			});
			afterEach(async () => {
				await server.close();
				await ws.cleanup();
			});

			it('answers with the analyst tools, streams Markdown, shows progress, refuses the write', async () => {
				server.setScript([
					{
						expect: { lastUserContains: 'Fix M-3' },
						reply: { toolCalls: [call('c1', 'trace_to_requirements', { id: 'M-3' }), call('c2', 'edit_file', { path: 'src/auth.js', old_text: "'SELECT * FROM users WHERE id = ' + id", new_text: "['SELECT ?', [id]]" })] },
					},
					{ reply: { text: 'M-3 traces to SR-2. I could not change src/auth.js here: ask in the Rampart view to approve it.', chunkSize: 7 } },
				]);
				const markdown: string[] = [];
				const progress: string[] = [];
				const { approvals: _a, ...context } = await toolContext(ws.root);
				const outcome = await answerParticipantTurn({
					analysis: new AnalysisSession(AnalysisStore.forWorkspace(ws.root)),
					model: adapter.create(server),
					context,
					policy: { read: 'auto', write: 'ask', command: 'ask' },
					history: [{ role: 'user', text: 'What is M-3?' }, { role: 'assistant', text: 'A mitigation.' }],
					prompt: 'Fix M-3 in src/auth.js',
					stream: { markdown: (t) => markdown.push(t), progress: (t) => progress.push(t) },
				});
				assert.equal(outcome.status, 'answered');
				assert.deepEqual(server.failures, []);
				assert.ok(markdown.length >= 5, `streamed in pieces (${markdown.length})`);
				assert.equal(markdown.join(''), 'M-3 traces to SR-2. I could not change src/auth.js here: ask in the Rampart view to approve it.');
				assert.deepEqual(progress, ['trace_to_requirements M-3', 'edit_file src/auth.js']);
				assert.equal(await fs.readFile(join(ws.root, 'src/auth.js'), 'utf8'), source, 'the write was refused');

				const first = server.requests[0]!.normalized!;
				assert.ok(first.system.endsWith(participantNote), 'the model is told where approvals happen');
				assert.deepEqual(first.messages.map((m) => `${m.role}:${m.text}`).slice(0, 2), ['user:What is M-3?', 'assistant:A mitigation.']);
				const results = server.requests[1]!.normalized!.messages.filter((m) => m.role === 'tool').map((m) => m.text);
				assert.equal(results.length, 2);
				assert.match(results[0]!, /SR-2/);
				assert.match(results[1]!, /disabled by the approval policy; src\/auth.js was not changed/);
			});
		});
	}
});
