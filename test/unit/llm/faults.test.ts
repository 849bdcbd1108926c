// Acceptance 2: provider trouble, scripted at the wire level, against all three adapters.
import * as assert from 'node:assert/strict';
import { z } from 'zod';
import { ProviderError } from '../../../src/core/llm/errors';
import { generateObject } from '../../../src/core/llm/generateObject';
import type { ChatEvent, ChatModel, ChatRequest } from '../../../src/core/llm/types';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { adapters, fixture, isolateProviderEnv, resilient, runConversation, testClock, weatherTool } from './harness';

const request: ChatRequest = { messages: [{ role: 'user', content: 'Explain the finding.' }] };

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
		return error;
	}
	assert.fail('expected the call to fail');
}

/** Streams, collecting text deltas, until the stream ends or throws. */
async function drain(model: ChatModel, signal?: AbortSignal, onEvent?: (e: ChatEvent, texts: string[]) => void): Promise<{ texts: string[]; error?: ProviderError }> {
	const texts: string[] = [];
	try {
		for await (const event of model.stream(request, { signal })) {
			if (event.type === 'text-delta') {
				texts.push(event.text);
			}
			onEvent?.(event, texts);
		}
		return { texts };
	} catch (error) {
		assert.ok(error instanceof ProviderError, String(error));
		return { texts, error };
	}
}

for (const adapter of adapters) {
	describe(`LLM faults: ${adapter.name}`, () => {
		isolateProviderEnv();
		let server: LlmServer;
		let clock: ReturnType<typeof testClock>;

		beforeEach(async () => {
			server = await startLlmServer({ script: [] });
			clock = testClock();
		});
		afterEach(async () => {
			assert.deepEqual(server.failures, []);
			await server.close();
		});

		it('429: waits what retry-after says, then retries', async () => {
			server.setScript(fixture('rate-limit'));
			const response = await resilient(adapter.create(server), clock).complete(request);
			assert.equal(response.text, 'Answer after the rate limit.');
			assert.deepEqual(clock.sleeps, [2000]);
			assert.deepEqual(server.requests.map((r) => r.status), [429, 200]);
		});

		it('500 twice, then success, with exponential backoff', async () => {
			server.setScript(fixture('server-errors'));
			const response = await resilient(adapter.create(server), clock).complete(request);
			assert.equal(response.text, 'Third time lucky.');
			assert.deepEqual(clock.sleeps, [375, 750]);
			assert.equal(server.requests.length, 3);
		});

		it('a stream cut before any output is retried', async () => {
			server.setScript(fixture('cut-before-output'));
			const { texts, error } = await drain(resilient(adapter.create(server), clock));
			assert.equal(error, undefined);
			assert.equal(texts.join(''), 'The retried answer.');
			assert.equal(server.requests.length, 2);
		});

		it('a stream cut after output fails clearly and keeps the partial text', async () => {
			server.setScript(fixture('cut-after-output'));
			const { texts, error } = await drain(resilient(adapter.create(server), clock), undefined, (event, seen) => {
				if (event.type === 'text-delta' && seen.length === 2) {
					server.cut(0);
				}
			});
			assert.equal(error?.kind, 'stream-broken');
			assert.equal(error?.partialText, 'The first part of th');
			assert.equal(texts.join(''), 'The first part of th');
			assert.equal(server.requests.length, 1, 'not retried: the user already saw part of the answer');
		});

		it('malformed tool arguments for structured output get one repair round', async () => {
			server.setScript(fixture('malformed-tool-args'));
			const schema = z.object({ title: z.string(), severity: z.enum(['low', 'medium', 'high', 'critical']), cwe: z.number().int() });
			const result = await generateObject(resilient(adapter.create(server), clock), { schema, name: 'finding', mode: 'tool', prompt: 'Classify this finding.' });
			assert.deepEqual(result.object, { title: 'SQL injection in findUser', severity: 'high', cwe: 89 });
			assert.equal(result.rounds, 2);
			assert.equal(server.requests[0].normalized?.toolChoice, 'finding');
			assert.equal(server.requests[1].normalized?.messages.at(-1)?.role, 'tool');
		});

		it('a malformed tool call in a conversation is answered with an error and repaired', async () => {
			server.setScript(fixture('malformed-tool-call'));
			const { responses } = await runConversation(resilient(adapter.create(server), clock), 'Weather in Paris?', [weatherTool]);
			assert.equal(responses.at(-1)?.text, 'It is 18 °C in Paris.');
			assert.equal(server.requests.length, 3);
		});

		it('structured output that stays invalid ends in a typed invalid-output error', async () => {
			const bad = { reply: { object: '{"title": 1}' } };
			server.setScript([bad, bad]);
			const error = await rejection(generateObject(resilient(adapter.create(server), clock), { schema: z.object({ title: z.string() }), prompt: 'Title?' }));
			assert.equal(error.kind, 'invalid-output');
			assert.match(error.issues?.join('\n') ?? '', /title/);
			assert.equal(server.requests.length, 2);
		});

		it('a server that does not answer ends in a typed timeout, and the requests are closed', async () => {
			server.setScript(fixture('slow-answer'));
			const error = await rejection(resilient(adapter.create(server), clock, { idleTimeoutMs: 300, maxRetries: 1 }).complete(request));
			assert.equal(error.kind, 'timeout');
			assert.equal(error.attempts, 2);
			const closed = await Promise.all([server.whenClosed(0), server.whenClosed(1)]);
			assert.deepEqual(closed.map((r) => r.clientClosed), [true, true]);
		});

		it('abort mid-stream stops the call and closes the request (timing: abortLatency.test.ts)', async () => {
			server.setScript(fixture('abort-mid-stream'));
			const controller = new AbortController();
			const { texts, error } = await drain(resilient(adapter.create(server), clock), controller.signal, (event, seen) => {
				if (event.type === 'text-delta' && seen.length === 3) {
					controller.abort();
				}
			});
			assert.equal(error?.kind, 'aborted');
			assert.equal(texts.join(''), 'A long answer that');
			const record = await server.whenClosed(0);
			assert.equal(record.clientClosed, true);
			assert.equal(server.requests.length, 1, 'no retry after a cancellation');
		});

		it('a consumer that stops reading also closes the request', async () => {
			server.setScript(fixture('abort-mid-stream'));
			for await (const event of resilient(adapter.create(server), clock).stream(request)) {
				if (event.type === 'text-delta') {
					break;
				}
			}
			const record = await server.whenClosed(0);
			assert.equal(record.clientClosed, true);
		});

		it('an empty answer is retried once', async () => {
			server.setScript(fixture('empty-answer'));
			const response = await resilient(adapter.create(server), clock).complete(request);
			assert.equal(response.text, 'Now with content.');
			assert.equal(server.requests.length, 2);
			assert.deepEqual(response.usage, { inputTokens: 40, outputTokens: 4, cachedInputTokens: 0, cacheWriteTokens: 0 }, 'the empty call was billed and is counted');
		});

		it('two empty answers end in a typed empty-response error', async () => {
			server.setScript(fixture('empty-twice'));
			const error = await rejection(resilient(adapter.create(server), clock).complete(request));
			assert.equal(error.kind, 'empty-response');
			assert.equal(server.requests.length, 2);
		});

		it('a refused connection is a network error: retried, then reported', async () => {
			const gone = await startLlmServer({ script: [] });
			await gone.close();
			const error = await rejection(resilient(adapter.create(gone), clock, { maxRetries: 2 }).complete(request));
			assert.equal(error.kind, 'network');
			assert.equal(error.attempts, 3);
			assert.equal(clock.sleeps.length, 2);
		});

		it('context overflow is a distinct error and is not retried', async () => {
			server.setScript(fixture('context-overflow'));
			const error = await rejection(resilient(adapter.create(server), clock).complete(request));
			assert.equal(error.kind, 'context-overflow');
			assert.equal(error.status, 400);
			assert.equal(server.requests.length, 1);
		});
	});
}
