// What the OpenAI and Anthropic adapters share: cancellation plumbing and SDK error mapping.
import { ProviderError, abortedError, isProviderError, kindForStatus, looksLikeNetworkError, parseRetryAfter } from './errors';
import type { Logger, SecretRegistry } from './redact';

/** A controller aborted when `parent` aborts or when disposed (so the HTTP request always closes). */
export function linkedController(parent: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
	const controller = new AbortController();
	const onAbort = () => controller.abort(parent?.reason);
	if (parent?.aborted) {
		controller.abort(parent.reason);
	} else {
		parent?.addEventListener('abort', onAbort, { once: true });
	}
	return {
		signal: controller.signal,
		dispose: () => {
			parent?.removeEventListener('abort', onAbort);
			if (!controller.signal.aborted) {
				controller.abort();
			}
		},
	};
}

export interface MapContext {
	signal: AbortSignal;
	secrets: SecretRegistry;
	/** True once the response started streaming (headers received). */
	streaming: boolean;
	partialText: string;
	now: number;
}

interface SdkErrorShape {
	name?: string;
	status?: unknown;
	headers?: Headers | Record<string, string>;
	code?: unknown;
	type?: unknown;
	error?: unknown;
	message: string;
}

function errorCode(error: SdkErrorShape): string | undefined {
	if (typeof error.code === 'string') {
		return error.code;
	}
	const body = error.error as { error?: { type?: unknown; code?: unknown }; type?: unknown; code?: unknown } | undefined;
	const nested = body?.error?.code ?? body?.code ?? body?.error?.type ?? body?.type;
	return typeof nested === 'string' ? nested : undefined;
}

/** Turns whatever an SDK threw into a ProviderError; messages are redacted, the raw error is dropped. */
export function toProviderError(raw: unknown, context: MapContext): ProviderError {
	if (isProviderError(raw)) {
		return raw;
	}
	if (context.signal.aborted) {
		return abortedError();
	}
	const error = (raw instanceof Error ? raw : new Error(String(raw))) as SdkErrorShape & Error;
	const message = context.secrets.redact(error.message);
	if (error.name === 'APIUserAbortError' || error.name === 'AbortError') {
		return abortedError();
	}
	if (error.name === 'APIConnectionTimeoutError') {
		return new ProviderError('timeout', `The provider did not answer in time: ${message}`);
	}
	if (typeof error.status === 'number') {
		const status = error.status;
		const kind = kindForStatus(status, message, errorCode(error));
		const retryAfterMs = parseRetryAfter(error.headers, context.now);
		return new ProviderError(kind, `Provider returned HTTP ${status}: ${message}`, { status, retryAfterMs });
	}
	if (context.streaming) {
		return new ProviderError('stream-broken', `The response stream broke: ${message}`, { partialText: context.partialText });
	}
	if (looksLikeNetworkError(error)) {
		return new ProviderError('network', `Could not reach the provider: ${message}`);
	}
	return new ProviderError('bad-request', `The model call failed: ${message}`);
}

/**
 * Default headers for an SDK client: extra headers from the profile, the key moved to
 * `apiKeyHeader` when the server wants it there (Azure: `api-key`), and no Authorization
 * header at all when there is no key.
 */
export function authHeaders(options: { headers?: Record<string, string>; apiKey?: string; apiKeyHeader?: string }): Record<string, string | null> {
	const headers: Record<string, string | null> = { ...options.headers };
	if (!options.apiKey) {
		headers.Authorization = null;
	} else if (options.apiKeyHeader && options.apiKeyHeader.toLowerCase() !== 'authorization') {
		headers[options.apiKeyHeader] = options.apiKey;
		headers.Authorization = null;
	}
	return headers;
}

/** Options every SDK-backed adapter takes, besides its own. */
export interface SdkAdapterOptions {
	profileId?: string;
	model: string;
	apiKey?: string;
	headers?: Record<string, string>;
	/** Send the key in this header instead of `Authorization: Bearer` (Azure: `api-key`). */
	apiKeyHeader?: string;
	logger?: Logger;
	sdkLogLevel?: 'debug' | 'info' | 'warn' | 'error' | 'off';
	secrets?: SecretRegistry;
	fetch?: typeof fetch;
	requestTimeoutMs?: number;
	now?: () => number;
}
