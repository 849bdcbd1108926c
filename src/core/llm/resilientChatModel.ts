// Wraps any ChatModel with retries (exponential backoff, jitter, retry-after), a per-call idle
// timeout, cancellation, and the rules for broken and empty streams.
import { collectResponse } from './collect';
import { ProviderError, abortedError, isProviderError } from './errors';
import { type Logger, silentLogger } from './redact';
import type { CallOptions, ChatEvent, ChatModel, ChatRequest, ChatResponse, ModelInfo } from './types';

/** Time as the resilient layer sees it; tests substitute all of it. */
export interface Clock {
	now(): number;
	/** Resolves after `ms`, rejects with an `aborted` ProviderError when the signal fires. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	setTimer(ms: number, fire: () => void): () => void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms, signal) =>
		new Promise<void>((resolve, reject) => {
			if (signal?.aborted) {
				reject(abortedError());
				return;
			}
			const onAbort = () => {
				clearTimeout(timer);
				reject(abortedError());
			};
			const timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, ms);
			signal?.addEventListener('abort', onAbort, { once: true });
		}),
	setTimer: (ms, fire) => {
		const timer = setTimeout(fire, ms);
		timer.unref?.();
		return () => clearTimeout(timer);
	},
};

export interface ResilienceOptions {
	/** Retries after the first attempt for 429 / 5xx / network / timeout / broken-before-output. */
	maxRetries?: number;
	baseDelayMs?: number;
	maxDelayMs?: number;
	/** Upper bound on a server's `retry-after`. */
	maxRetryAfterMs?: number;
	/** Abort an attempt when no event arrived for this long, first byte included (default 180 s; 0 = never). */
	idleTimeoutMs?: number;
	/** Abort an attempt that takes longer than this in total. */
	totalTimeoutMs?: number;
	/** How often an empty answer (no text, no tool call) is asked again. */
	emptyResponseRetries?: number;
	clock?: Clock;
	/** Jitter source in [0, 1). */
	random?: () => number;
	logger?: Logger;
}

export interface RetryInfo {
	attempt: number;
	delayMs: number;
	error: ProviderError;
}

export class ResilientChatModel implements ChatModel {
	readonly info: ModelInfo;
	private readonly clock: Clock;
	private readonly logger: Logger;
	readonly retries: RetryInfo[] = [];

	constructor(private readonly inner: ChatModel, private readonly options: ResilienceOptions = {}) {
		this.info = inner.info;
		this.clock = options.clock ?? systemClock;
		this.logger = options.logger ?? silentLogger;
	}

	complete(request: ChatRequest, options?: CallOptions): Promise<ChatResponse> {
		return collectResponse(this.stream(request, options), this.info.model);
	}

	/** Backoff before retry number `attempt` (0-based): the server's wish, else exponential with jitter. */
	delayFor(error: ProviderError, attempt: number): number {
		if (error.retryAfterMs !== undefined) {
			return Math.min(error.retryAfterMs, this.options.maxRetryAfterMs ?? 60_000);
		}
		const base = this.options.baseDelayMs ?? 500;
		const ceiling = Math.min(this.options.maxDelayMs ?? 30_000, base * 2 ** attempt);
		const random = this.options.random ?? Math.random;
		return Math.round(ceiling / 2 + (ceiling / 2) * random());
	}

	async *stream(request: ChatRequest, options: CallOptions = {}): AsyncGenerator<ChatEvent> {
		const outer = options.signal;
		const maxRetries = this.options.maxRetries ?? 4;
		let emptyRetries = this.options.emptyResponseRetries ?? 1;
		let retry = 0;
		let forwarded = false;
		let text = '';
		for (let attempt = 1; ; attempt++) {
			if (outer?.aborted) {
				throw withAttempts(abortedError(), attempt - 1);
			}
			const controller = new AbortController();
			const onAbort = () => controller.abort(outer?.reason);
			outer?.addEventListener('abort', onAbort, { once: true });
			let timedOut = false;
			const expire = () => {
				timedOut = true;
				controller.abort();
			};
			const clearTotal = this.options.totalTimeoutMs === undefined ? () => undefined : this.clock.setTimer(this.options.totalTimeoutMs, expire);
			let clearIdle = () => {};
			const armIdle = () => {
				clearIdle();
				const idle = this.options.idleTimeoutMs ?? 180_000;
				if (idle > 0) {
					clearIdle = this.clock.setTimer(idle, expire);
				}
			};
			armIdle();
			let output = false;
			let pendingSpace = '';
			let finish: ChatEvent | undefined;
			try {
				for await (const event of this.inner.stream(request, { signal: controller.signal })) {
					armIdle();
					if (event.type === 'finish') {
						finish = event;
						continue;
					}
					if (event.type === 'text-delta') {
						// Whitespace alone is not an answer: hold it until real text follows.
						if (!output && event.text.trim() === '') {
							pendingSpace += event.text;
							continue;
						}
						const chunk = output ? event.text : pendingSpace + event.text;
						output = forwarded = true;
						text += chunk;
						yield { type: 'text-delta', text: chunk };
						continue;
					}
					if (event.type === 'tool-call-delta' || event.type === 'tool-call') {
						output = forwarded = true;
					}
					yield event;
				}
				if (!output) {
					throw new ProviderError('empty-response', 'The model returned an empty answer.');
				}
				if (finish) {
					yield finish;
				}
				return;
			} catch (raw) {
				// Adapters map every failure; anything else is a bug or an unknown backend error: not retried.
				let error = isProviderError(raw) ? raw : new ProviderError('bad-request', `The model call failed: ${raw instanceof Error ? raw.message : String(raw)}`);
				if (outer?.aborted) {
					throw withAttempts(abortedError(), attempt);
				}
				if (timedOut && error.kind === 'aborted') {
					error = new ProviderError('timeout', 'The model did not answer within the time limit.');
				}
				if (forwarded && (error.retryable || error.kind === 'stream-broken')) {
					throw withAttempts(new ProviderError('stream-broken', `The response broke off after part of the answer was shown: ${error.message}`, { partialText: text, status: error.status }), attempt);
				}
				const retryEmpty = error.kind === 'empty-response' && emptyRetries > 0;
				const retryOther = (error.retryable || error.kind === 'stream-broken') && retry < maxRetries;
				if (!retryEmpty && !retryOther) {
					throw withAttempts(error, attempt);
				}
				const delayMs = retryEmpty ? 0 : this.delayFor(error, retry);
				if (retryEmpty) {
					emptyRetries--;
				} else {
					retry++;
				}
				this.retries.push({ attempt, delayMs, error });
				this.logger.log('warn', `Model call failed (${error.kind}${error.status ? ` ${error.status}` : ''}); retrying in ${delayMs} ms.`, { profile: this.info.profileId, model: this.info.model, attempt });
				await this.clock.sleep(delayMs, outer);
			} finally {
				clearIdle();
				clearTotal();
				outer?.removeEventListener('abort', onAbort);
				controller.abort();
			}
		}
	}
}

function withAttempts(error: ProviderError, attempts: number): ProviderError {
	error.attempts = attempts;
	return error;
}
