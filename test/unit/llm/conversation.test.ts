// Acceptance 1: the same conversations against the OpenAI, Anthropic and OpenAI-compatible
// adapters, through the real SDKs, over HTTP to the local wire-format server.
import * as assert from 'node:assert/strict';
import { z } from 'zod';
import { generateObject } from '../../../src/core/llm/generateObject';
import { MeteredChatModel, RunUsage } from '../../../src/core/llm/usage';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { adapters, fixture, isolateProviderEnv, resilient, runConversation, testClock, weatherTool, writeFileTool } from './harness';

const findingSchema = z.object({
	title: z.string().min(1),
	severity: z.enum(['low', 'medium', 'high', 'critical']),
	cwe: z.number().int().positive(),
});

/** Acceptance 4 on every conversation: the run's totals are exactly what the server reported. */
function assertUsageMatchesServer(run: RunUsage, server: LlmServer): void {
	const reported = server.requests.map((r) => r.reportedUsage).filter((u) => u !== undefined);
	assert.equal(run.calls.length, reported.length);
	const sum = (key: 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'cacheWriteTokens') => reported.reduce((n, u) => n + u[key], 0);
	const totals = run.totals;
	assert.deepEqual(
		{ inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, cachedInputTokens: totals.cachedInputTokens, cacheWriteTokens: totals.cacheWriteTokens },
		{ inputTokens: sum('inputTokens'), outputTokens: sum('outputTokens'), cachedInputTokens: sum('cachedInputTokens'), cacheWriteTokens: sum('cacheWriteTokens') },
	);
}

for (const adapter of adapters) {
	describe(`LLM conversations: ${adapter.name}`, () => {
		isolateProviderEnv();
		let server: LlmServer;
		let run: RunUsage;

		beforeEach(async () => {
			server = await startLlmServer({ script: [] });
			run = new RunUsage();
		});
		afterEach(async () => {
			await server.close();
		});

		const model = () => new MeteredChatModel(resilient(adapter.create(server), testClock()), run);

		it('streams a text answer', async () => {
			server.setScript(fixture('text'));
			const { responses, events } = await runConversation(model(), 'Say hello.', []);
			assert.deepEqual(server.failures, []);
			assert.equal(responses[0].text, 'Hello from the test server! How can I help with your code today?');
			assert.equal(responses[0].stopReason, 'stop');
			assert.ok(events[0].filter((e) => e.type === 'text-delta').length > 5, 'text arrives in several deltas');
			assert.equal(server.requests[0].normalized?.stream, true);
			assertUsageMatchesServer(run, server);
			assert.equal(run.totals.inputTokens, 42);
			assert.equal(run.totals.outputTokens, 16);
		});

		it('runs one tool call and answers with its result', async () => {
			server.setScript(fixture('one-tool-call'));
			const { responses } = await runConversation(model(), 'What is the weather in Paris?', [weatherTool]);
			assert.deepEqual(server.failures, []);
			assert.deepEqual(responses[0].toolCalls, [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
			assert.equal(responses[0].text, 'Let me check.');
			assert.equal(responses[0].stopReason, 'tool-calls');
			assert.equal(responses[1].text, 'It is 18 °C and sunny in Paris.');
			assertUsageMatchesServer(run, server);
		});

		it('runs parallel tool calls and returns both results in order', async () => {
			server.setScript(fixture('parallel-tool-calls'));
			const { responses } = await runConversation(model(), 'Weather in Paris and Berlin?', [weatherTool]);
			assert.deepEqual(server.failures, []);
			assert.deepEqual(responses[0].toolCalls.map((c) => [c.id, JSON.parse(c.arguments)]), [['call_p1', { city: 'Paris' }], ['call_p2', { city: 'Berlin' }]]);
			assert.equal(responses[1].text, 'Paris is 18 °C, Berlin is 12 °C.');
			assertUsageMatchesServer(run, server);
		});

		it('assembles a tool call streamed in many chunks', async () => {
			server.setScript(fixture('streamed-tool-call'));
			const { responses, events } = await runConversation(model(), 'Fix the query.', [writeFileTool]);
			assert.deepEqual(server.failures, []);
			const deltas = events[0].filter((e) => e.type === 'tool-call-delta');
			assert.ok(deltas.length > 20, `arguments arrive in many deltas (${deltas.length})`);
			const streamed = deltas.map((d) => (d.type === 'tool-call-delta' ? d.argumentsDelta : '')).join('');
			assert.equal(streamed, responses[0].toolCalls[0].arguments);
			assert.deepEqual(JSON.parse(responses[0].toolCalls[0].arguments), {
				path: 'src/db/query.ts',
				content: "export function findUser(db, id) {\n\treturn db.query('SELECT * FROM users WHERE id = $1', [id]);\n}\n",
			});
			assert.equal(responses[1].text, 'Done: the query is parameterized.');
			assertUsageMatchesServer(run, server);
			assert.equal(run.totals.cachedInputTokens, 512);
		});

		it('returns validated structured output after one repair round', async () => {
			server.setScript(fixture('structured-repair'));
			const chat = model();
			const result = await generateObject(chat, { schema: findingSchema, name: 'finding', prompt: 'Classify this finding: string-built SQL in findUser.' });
			assert.deepEqual(server.failures, []);
			assert.deepEqual(result.object, { title: 'SQL injection in findUser', severity: 'high', cwe: 89 });
			assert.equal(result.rounds, 2);
			const first = server.requests[0].normalized;
			const mode = chat.info.structuredOutput;
			assert.equal(mode, adapter.name === 'openai' ? 'json' : adapter.name === 'anthropic' ? 'tool' : 'prompt');
			assert.equal(first?.jsonMode, mode === 'json');
			assert.equal(first?.toolChoice, mode === 'tool' ? 'finding' : undefined);
			const repair = server.requests[1].normalized?.messages.at(-1);
			assert.match(repair?.text ?? '', /severity/);
			assert.match(repair?.text ?? '', /cwe/);
			assertUsageMatchesServer(run, server);
			assert.deepEqual(result.usage, { inputTokens: 240, outputTokens: 44, cachedInputTokens: 0, cacheWriteTokens: 0 });
		});
	});
}
