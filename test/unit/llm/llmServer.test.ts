// The local wire-format server itself: non-streaming answers through the real SDKs, script checks,
// Anthropic's event sequence and cache fields, Azure-style compatible requests, the fixtures' validity.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { AnthropicChatModel } from '../../../src/core/llm/anthropicChatModel';
import { createOpenAiCompatibleChatModel } from '../../../src/core/llm/openAiCompatibleChatModel';
import { MeteredChatModel, RunUsage } from '../../../src/core/llm/usage';
import { repoRoot } from '../../support/fixtureCorpus';
import { loadScript } from '../../support/llmServer/script';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { TEST_KEY, isolateProviderEnv } from './harness';

const reply = { reply: { text: 'Plain answer.', toolCalls: [{ id: 'call_n1', name: 'lookup', arguments: '{"q":"x"}' }], usage: { input: 11, output: 7, cached: 4 } } };

describe('LLM test server', () => {
	isolateProviderEnv();
	let server: LlmServer;

	beforeEach(async () => {
		server = await startLlmServer({ script: [] });
	});
	afterEach(async () => {
		await server.close();
	});

	it('every fixture script is valid', () => {
		const dir = join(repoRoot, 'test', 'fixtures', 'llm');
		const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
		assert.ok(files.length >= 15);
		for (const file of files) {
			assert.doesNotThrow(() => loadScript(join(dir, file)), file);
		}
	});

	it('answers OpenAI without streaming', async () => {
		server.setScript([reply]);
		const client = new OpenAI({ apiKey: TEST_KEY, baseURL: server.openAiBaseUrl, maxRetries: 0 });
		const completion = await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'q' }] });
		const message = completion.choices[0].message;
		assert.equal(message.content, 'Plain answer.');
		assert.equal(message.tool_calls?.[0].type === 'function' ? message.tool_calls[0].function.arguments : '', '{"q":"x"}');
		assert.equal(completion.choices[0].finish_reason, 'tool_calls');
		assert.deepEqual([completion.usage?.prompt_tokens, completion.usage?.completion_tokens, completion.usage?.prompt_tokens_details?.cached_tokens], [11, 7, 4]);
		assert.equal(server.requests[0].normalized?.stream, false);
	});

	it('answers Anthropic without streaming', async () => {
		server.setScript([reply]);
		const client = new Anthropic({ apiKey: TEST_KEY, baseURL: server.anthropicBaseUrl, maxRetries: 0, openTelemetry: false });
		const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'q' }] });
		assert.deepEqual(
			message.content.map((b) => b.type),
			['text', 'tool_use'],
		);
		assert.equal(message.stop_reason, 'tool_use');
		assert.deepEqual([message.usage.input_tokens, message.usage.cache_read_input_tokens, message.usage.output_tokens], [7, 4, 7]);
	});

	it('streams Anthropic events in the real order, with event lines', async () => {
		server.setScript([{ reply: { text: 'Hi there', toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: '{"q":"x"}' }], chunkSize: 4 } }]);
		const response = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify({ model: 'm', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'q' }] }) });
		const body = await response.text();
		const events = [...body.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
		assert.deepEqual(events, [
			'message_start', 'ping',
			'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
			'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
			'message_delta', 'message_stop',
		]);
		assert.match(body, /"type":"input_json_delta","partial_json":"\{\\"q\\"/);
	});

	it('puts cache_control on the Anthropic system prompt and last stable block, and reports cached tokens', async () => {
		server.setScript([{ expect: { systemCached: true, messageBlockCached: true }, reply: { text: 'ok', usage: { input: 5000, output: 10, cached: 3000, cacheWrite: 1500 } } }]);
		const run = new RunUsage();
		const model = new MeteredChatModel(new AnthropicChatModel({ model: 'claude-sonnet-4-6', apiKey: TEST_KEY, baseUrl: server.anthropicBaseUrl }), run);
		await model.complete({ messages: [{ role: 'system', content: 'You are Rampart.' }, { role: 'user', content: 'Long stable context…' }] });
		assert.deepEqual(server.failures, []);
		assert.deepEqual(run.calls[0].usage, { inputTokens: 5000, outputTokens: 10, cachedInputTokens: 3000, cacheWriteTokens: 1500 });
		assert.equal(run.totals.costUsd, (500 * 3 + 3000 * 0.3 + 1500 * 3.75 + 10 * 15) / 1e6);
	});

	it('sends Azure-style requests: key in api-key, api-version in the query, no Authorization', async () => {
		server.setScript([{ expect: { headers: { 'api-key': TEST_KEY, 'x-ms-client': 'rampart' }, absentHeaders: ['authorization'] }, reply: { text: 'azure ok' } }]);
		const model = createOpenAiCompatibleChatModel({ baseUrl: `${server.openAiBaseUrl}?api-version=2024-10-21`, model: 'gpt4o-deployment', apiKey: TEST_KEY, apiKeyHeader: 'api-key', headers: { 'x-ms-client': 'rampart' } });
		const response = await model.complete({ messages: [{ role: 'user', content: 'q' }] });
		assert.equal(response.text, 'azure ok');
		assert.deepEqual(server.failures, []);
		assert.equal(server.requests[0].url, '/v1/chat/completions?api-version=2024-10-21');
	});

	it('sends no Authorization header to a keyless local server', async () => {
		server.setScript([{ expect: { absentHeaders: ['authorization', 'api-key', 'x-api-key'] }, reply: { text: 'local ok' } }]);
		const model = createOpenAiCompatibleChatModel({ baseUrl: server.openAiBaseUrl, model: 'llama3.1:8b' });
		assert.equal((await model.complete({ messages: [{ role: 'user', content: 'q' }] })).text, 'local ok');
		assert.deepEqual(server.failures, []);
	});

	it('treats tool calls that end with finish_reason "stop" (some local servers) as tool calls', async () => {
		server.setScript([{ reply: { toolCalls: [{ id: 'call_o1', name: 'lookup', arguments: '{}' }], stopReason: 'stop' } }]);
		const model = createOpenAiCompatibleChatModel({ baseUrl: server.openAiBaseUrl, model: 'qwen2.5-coder' });
		const response = await model.complete({ messages: [{ role: 'user', content: 'q' }] });
		assert.equal(response.stopReason, 'tool-calls');
		assert.deepEqual(response.toolCalls, [{ id: 'call_o1', name: 'lookup', arguments: '{}' }]);
	});

	it('records expectation mismatches and an exhausted script as failures', async () => {
		server.setScript([{ expect: { model: 'other-model', lastUserContains: 'nope' }, reply: { text: 'x' } }]);
		const client = new OpenAI({ apiKey: TEST_KEY, baseURL: server.openAiBaseUrl, maxRetries: 0 });
		await assert.rejects(client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'q' }] }), /expectation failed/);
		await assert.rejects(client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'q' }] }), /script exhausted/);
		assert.equal(server.failures.length, 2);
		assert.match(server.failures[0], /model is "gpt-4.1-mini", expected "other-model"/);
		assert.match(server.failures[0], /last user message lacks "nope"/);
		server.failures.length = 0;
	});

	it('answers from a function of the request', async () => {
		server.setScript((request, index) => ({ reply: { text: `#${index} ${request.api} ${request.messages.at(-1)?.text}` } }));
		const client = new OpenAI({ apiKey: TEST_KEY, baseURL: server.openAiBaseUrl, maxRetries: 0 });
		const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'echo me' }] });
		assert.equal(completion.choices[0].message.content, '#0 openai echo me');
	});

	it('serves health and refuses unknown routes', async () => {
		assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
		assert.equal((await fetch(`${server.url}/v1/embeddings`, { method: 'POST', body: '{}' })).status, 404);
	});
});
