// The local provider server refuses a broken tool-call history the way the real APIs do: a 400 in
// the provider's own error shape, through the real OpenAI and Anthropic SDKs, with no script step
// used — so every agent test that talks to it also proves its histories are valid.
import * as assert from 'node:assert/strict';
import { isProviderError } from '../../../src/core/llm/errors';
import type { ChatMessage } from '../../../src/core/llm/types';
import { historyProblems } from '../../support/llmServer/historyCheck';
import { normalizeRequest } from '../../support/llmServer/normalize';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { adapters, isolateProviderEnv } from '../llm/harness';

const calls = [
	{ id: 'call_a', name: 'read_file', arguments: '{"path":"a.ts"}' },
	{ id: 'call_b', name: 'read_file', arguments: '{"path":"b.ts"}' },
];
const start: ChatMessage[] = [
	{ role: 'system', content: 'You are a test.' },
	{ role: 'user', content: 'Read a.ts and b.ts.' },
	{ role: 'assistant', content: '', toolCalls: calls },
];
const result = (id: string): ChatMessage => ({ role: 'tool', toolCallId: id, toolName: 'read_file', content: `content of ${id}` });

for (const adapter of adapters.filter((a) => a.name !== 'openai-compatible')) {
	describe(`llm test server: tool-call pairing (${adapter.name} wire format)`, () => {
		isolateProviderEnv();
		let server: LlmServer;
		beforeEach(async () => {
			server = await startLlmServer({ script: [{ reply: { text: 'ok' } }] });
		});
		afterEach(() => server.close());

		const refused = async (messages: ChatMessage[], pattern: RegExp) => {
			await assert.rejects(adapter.create(server).complete({ messages }), (error: unknown) => {
				assert.ok(isProviderError(error), `a ProviderError, got ${String(error)}`);
				assert.equal(error.status, 400);
				assert.match(error.message, pattern);
				return true;
			});
			assert.equal(server.requests.length, 1, 'a 400 is not retried');
			assert.equal(server.requests[0].status, 400);
			assert.equal(server.remainingSteps(), 1, 'no script step was used');
			assert.equal(server.failures.length, 1);
			assert.match(server.failures[0], pattern);
			const body = server.requests[0].body as Record<string, unknown>;
			assert.ok(Array.isArray(body.messages), 'the SDK sent its real wire format');
		};

		it('refuses an assistant tool call with no result', async () => {
			await refused([...start, result('call_a'), { role: 'user', content: 'go on' }], /call_b\W{0,3} has no tool result/);
		});

		it('refuses a result whose id was never called', async () => {
			await refused([...start, result('call_a'), result('call_b'), result('call_ghost')], /call_ghost\W{0,3}, which the preceding assistant message did not call/);
		});

		it('accepts a history where every call is answered, in any order', async () => {
			const response = await adapter.create(server).complete({ messages: [...start, result('call_b'), result('call_a'), { role: 'user', content: 'go on' }] });
			assert.equal(response.text, 'ok');
			assert.deepEqual(server.failures, []);
		});
	});
}

describe('llm test server: historyProblems on both wire formats', () => {
	it('finds an orphan result in an OpenAI body and an unanswered tool_use in an Anthropic body', () => {
		const openai = normalizeRequest('openai', { model: 'm', messages: [{ role: 'user', content: 'hi' }, { role: 'tool', tool_call_id: 'call_x', content: 'x' }] }, {});
		assert.deepEqual(historyProblems(openai), ['messages[1]: tool result for "call_x", an id no assistant message called']);
		const anthropic = normalizeRequest(
			'anthropic',
			{
				model: 'm',
				messages: [
					{ role: 'user', content: 'hi' },
					{ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: {} }, { type: 'tool_use', id: 'toolu_2', name: 'read_file', input: {} }] },
					{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'one' }, { type: 'text', text: 'and?' }] },
				],
			},
			{},
		);
		assert.deepEqual(historyProblems(anthropic), ['messages[1]: tool call "toolu_2" has no tool result after the results that follow']);
	});

	it('finds a duplicate id and a result answered twice', () => {
		const req = normalizeRequest(
			'openai',
			{
				model: 'm',
				messages: [
					{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
					{ role: 'tool', tool_call_id: 'c1', content: 'a' },
					{ role: 'tool', tool_call_id: 'c1', content: 'b' },
					{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
					{ role: 'tool', tool_call_id: 'c1', content: 'c' },
				],
			},
			{},
		);
		assert.deepEqual(historyProblems(req), ['messages[2]: tool call "c1" is answered more than once', 'messages[3]: duplicate tool call id "c1"']);
	});
});
