// Typed provider errors: every failure of a model call ends as one ProviderError with a kind the
// caller can act on (retry, compact the context, ask for a key, show partial text).

export type ProviderErrorKind =
	| 'rate-limit'
	| 'server'
	| 'network'
	| 'timeout'
	| 'aborted'
	| 'context-overflow'
	| 'auth'
	| 'bad-request'
	| 'empty-response'
	| 'stream-broken'
	| 'invalid-output';

export interface ProviderErrorDetails {
	status?: number;
	/** How long the server asked us to wait, in ms (from `retry-after-ms` / `retry-after`). */
	retryAfterMs?: number;
	/** Text already streamed to the caller when the stream broke. */
	partialText?: string;
	/** Validation issues of the last structured-output attempt. */
	issues?: string[];
	/** The last raw model output that failed validation. */
	rawOutput?: string;
	/** How many HTTP attempts the call took. */
	attempts?: number;
}

export class ProviderError extends Error {
	readonly kind: ProviderErrorKind;
	readonly status?: number;
	readonly retryAfterMs?: number;
	readonly partialText?: string;
	readonly issues?: string[];
	readonly rawOutput?: string;
	attempts?: number;

	constructor(kind: ProviderErrorKind, message: string, details: ProviderErrorDetails = {}) {
		super(message);
		this.name = 'ProviderError';
		this.kind = kind;
		this.status = details.status;
		this.retryAfterMs = details.retryAfterMs;
		this.partialText = details.partialText;
		this.issues = details.issues;
		this.rawOutput = details.rawOutput;
		this.attempts = details.attempts;
	}

	/** Whether retrying the same request may succeed. */
	get retryable(): boolean {
		return this.kind === 'rate-limit' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
	}

	toJSON(): Record<string, unknown> {
		return { name: this.name, kind: this.kind, message: this.message, status: this.status, retryAfterMs: this.retryAfterMs, attempts: this.attempts };
	}
}

export function isProviderError(value: unknown): value is ProviderError {
	return value instanceof ProviderError;
}

const contextOverflowPattern = /context[ _-]?(length|window)|maximum context|prompt is too long|too many (input )?tokens|input is too long|reduce the length of the messages/i;

export function isContextOverflowMessage(message: string): boolean {
	return contextOverflowPattern.test(message);
}

/** Maps an HTTP error status (with the provider's message and error code) to a kind. */
export function kindForStatus(status: number, message: string, code?: string): ProviderErrorKind {
	if (code === 'context_length_exceeded' || ((status === 400 || status === 413) && isContextOverflowMessage(message))) {
		return 'context-overflow';
	}
	if (status === 401 || status === 403) {
		return 'auth';
	}
	if (status === 429) {
		return 'rate-limit';
	}
	if (status === 408) {
		return 'timeout';
	}
	if (status === 409 || status >= 500) {
		return 'server';
	}
	return 'bad-request';
}

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
	if (!headers) {
		return undefined;
	}
	if (typeof (headers as Headers).get === 'function') {
		return (headers as Headers).get(name) ?? undefined;
	}
	const record = headers as Record<string, string | string[] | undefined>;
	const key = Object.keys(record).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? undefined : record[key];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * Reads `retry-after-ms` (OpenAI) or `retry-after` as seconds (fractions allowed) or an HTTP date.
 * Returns milliseconds from `now`, never negative; undefined when absent or unparsable.
 */
export function parseRetryAfter(headers: HeaderSource, now: number): number | undefined {
	const ms = header(headers, 'retry-after-ms');
	if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) {
		return Math.round(Number(ms));
	}
	const value = header(headers, 'retry-after')?.trim();
	if (!value) {
		return undefined;
	}
	if (/^\d+(\.\d+)?$/.test(value)) {
		return Math.round(Number(value) * 1000);
	}
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error a signal was aborted with, or a generic abort. */
export function abortedError(): ProviderError {
	return new ProviderError('aborted', 'The model call was cancelled.');
}

const networkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED', 'ENETUNREACH', 'EHOSTUNREACH']);

/** True for errors raised by the HTTP stack itself (connection refused, reset, socket closed). */
export function looksLikeNetworkError(error: unknown): boolean {
	for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && networkCodes.has(code)) {
			return true;
		}
		if (/terminated|socket|fetch failed|network|other side closed|ECONN/i.test(current.message) || current.name === 'APIConnectionError') {
			return true;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}
