// The resilient layer against a scripted in-memory model: backoff, retry-after, cancellation,
// broken and empty streams, total timeout. No HTTP, no wall-clock dependence.
import * as assert from 'node:assert/strict';
import { collectResponse } from '../../../src/core/llm/collect';
import { ProviderError, parseRetryAfter, kindForStatus } from '../../../src/core/llm/errors';
import { ResilientChatModel } from '../../../src/core/llm/resilientChatModel';
import type { CallOptions, ChatEvent, ChatModel, ChatRequest, ChatResponse } from '../../../src/core/llm/types';
import { testClock } from './harness';

type Attempt = Array<ChatEvent | ProviderError | 'hang'>;

/** Each call plays the next attempt: events, then maybe an error, or hangs until aborted. */
class ScriptedModel implements ChatModel {
	readonly info = { profileId: 'fake', kind: 'openai' as const, model: 'fake-1', structuredOutput: 'json' as const };
	calls = 0;
	constructor(private readonly attempts: Attempt[]) {}

	async *stream(_request: ChatRequest, options: CallOptions = {}): AsyncGenerator<ChatEvent> {
		const attempt = this.attempts[this.calls++] ?? [];
		for (const step of attempt) {
			if (step === 'hang') {
				await new Promise<void>((_resolve, reject) => options.signal?.addEventListener('abort', () => reject(new ProviderError('aborted', 'aborted')), { once: true }));
			} else if (step instanceof ProviderError) {
				throw step;
			} else {
				yield step;
			}
		}
	}

	complete(request: ChatRequest, options?: CallOptions): Promise<ChatResponse> {
		return collectResponse(this.stream(request, options), 'fake-1');
	}
}

const request: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
const text = (t: string): ChatEvent => ({ type: 'text-delta', text: t });
const finish: ChatEvent = { type: 'finish', stopReason: 'stop' };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(error instanceof ProviderError, String(error));
		return error;
	}
	assert.fail('expected a failure');
}

describe('resilient chat model', () => {
	it('caps a long retry-after', async () => {
		const clock = testClock();
		const inner = new ScriptedModel([[new ProviderError('rate-limit', '429', { status: 429, retryAfterMs: 3_600_000 })], [text('ok'), finish]]);
		const response = await new ResilientChatModel(inner, { clock, maxRetryAfterMs: 20_000 }).complete(request);
		assert.equal(response.text, 'ok');
		assert.deepEqual(clock.sleeps, [20_000]);
	});

	it('backs off exponentially with jitter inside [ceiling/2, ceiling] and stops after maxRetries', async () => {
		const clock = testClock();
		const err = () => new ProviderError('server', '503', { status: 503 });
		const inner = new ScriptedModel([[err()], [err()], [err()], [err()]]);
		const values = [0, 0.999, 0.5];
		const model = new ResilientChatModel(inner, { clock, maxRetries: 3, baseDelayMs: 100, maxDelayMs: 300, random: () => values.shift() ?? 0 });
		const error = await failure(model.complete(request));
		assert.equal(error.kind, 'server');
		assert.equal(error.attempts, 4);
		assert.deepEqual(clock.sleeps, [50, 200, 225]);
	});

	it('does not retry bad requests, auth errors or context overflow', async () => {
		for (const kind of ['bad-request', 'auth', 'context-overflow'] as const) {
			const inner: ScriptedModel = new ScriptedModel([[new ProviderError(kind, kind)], [text('never'), finish]]);
			const error = await failure(new ResilientChatModel(inner, { clock: testClock() }).complete(request));
			assert.equal(error.kind, kind);
			assert.equal(inner.calls, 1);
		}
	});

	it('turns a network error after output into stream-broken with the partial text', async () => {
		const inner = new ScriptedModel([[text('Hello '), text('wor'), new ProviderError('network', 'reset')], [text('never'), finish]]);
		const error = await failure(new ResilientChatModel(inner, { clock: testClock() }).complete(request));
		assert.equal(error.kind, 'stream-broken');
		assert.equal(error.partialText, 'Hello wor');
		assert.equal(inner.calls, 1);
	});

	it('treats whitespace-only answers as empty and holds the whitespace back', async () => {
		const inner = new ScriptedModel([[text('  \n'), finish], [text('\n'), text('Real'), finish]]);
		const events: ChatEvent[] = [];
		for await (const e of new ResilientChatModel(inner, { clock: testClock() }).stream(request)) {
			events.push(e);
		}
		assert.deepEqual(events, [text('\nReal'), finish]);
	});

	it('cancels during the backoff sleep', async () => {
		const controller = new AbortController();
		const clock = testClock();
		clock.sleep = async (_ms, signal) => {
			controller.abort();
			if (signal?.aborted) {
				throw new ProviderError('aborted', 'cancelled');
			}
		};
		const inner = new ScriptedModel([[new ProviderError('server', '500', { status: 500 })], [text('never'), finish]]);
		const error = await failure(new ResilientChatModel(inner, { clock }).complete(request, { signal: controller.signal }));
		assert.equal(error.kind, 'aborted');
		assert.equal(inner.calls, 1);
	});

	it('an already-aborted signal makes no call', async () => {
		const inner = new ScriptedModel([[text('never'), finish]]);
		const error = await failure(new ResilientChatModel(inner, { clock: testClock() }).complete(request, { signal: AbortSignal.abort() }));
		assert.equal(error.kind, 'aborted');
		assert.equal(inner.calls, 0);
	});

	it('a total timeout ends a stalled call with a typed timeout', async () => {
		const clock = testClock();
		const timers: Array<() => void> = [];
		clock.setTimer = (_ms, fire) => {
			timers.push(fire);
			return () => undefined;
		};
		const inner = new ScriptedModel([['hang']]);
		const pending = new ResilientChatModel(inner, { clock, totalTimeoutMs: 1000, maxRetries: 0 }).complete(request);
		await new Promise((resolve) => setImmediate(resolve));
		timers.forEach((fire) => fire());
		const error = await failure(pending);
		assert.equal(error.kind, 'timeout');
	});
});

describe('provider error helpers', () => {
	it('parses retry-after as ms, seconds, fractions and HTTP dates', () => {
		const now = Date.parse('2026-11-22T10:00:00Z');
		assert.equal(parseRetryAfter(new Headers({ 'retry-after-ms': '1500' }), now), 1500);
		assert.equal(parseRetryAfter(new Headers({ 'retry-after': '2' }), now), 2000);
		assert.equal(parseRetryAfter({ 'Retry-After': '0.25' }, now), 250);
		assert.equal(parseRetryAfter({ 'retry-after': 'Sun, 22 Nov 2026 10:00:07 GMT' }, now), 7000);
		assert.equal(parseRetryAfter({ 'retry-after': 'Sun, 22 Nov 2026 09:00:00 GMT' }, now), 0);
		assert.equal(parseRetryAfter({ 'retry-after': 'soon' }, now), undefined);
		assert.equal(parseRetryAfter(undefined, now), undefined);
	});

	it('classifies statuses', () => {
		assert.equal(kindForStatus(429, ''), 'rate-limit');
		assert.equal(kindForStatus(503, ''), 'server');
		assert.equal(kindForStatus(529, 'Overloaded'), 'server');
		assert.equal(kindForStatus(401, ''), 'auth');
		assert.equal(kindForStatus(400, 'prompt is too long: 210000 tokens > 200000 maximum'), 'context-overflow');
		assert.equal(kindForStatus(400, 'x', 'context_length_exceeded'), 'context-overflow');
		assert.equal(kindForStatus(413, 'Request too large: maximum context length exceeded'), 'context-overflow');
		assert.equal(kindForStatus(400, 'invalid tool schema'), 'bad-request');
	});
});
