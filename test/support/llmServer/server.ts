// A local HTTP server on 127.0.0.1 that speaks OpenAI Chat Completions (`POST /v1/chat/completions`)
// and Anthropic Messages (`POST /v1/messages`), streaming and not, driven by a conversation script.
// It records every request (and when and whether the client closed the connection early), and
// refuses with a 400 any history whose tool calls and results do not pair up (historyCheck.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cutSoon, flatHeaders, pause, presentedKey, readBody } from './httpHelpers';
import { anthropicError, anthropicResponse, anthropicStreamFrames } from './anthropicWire';
import { historyErrorMessage, historyProblems } from './historyCheck';
import { checkExpectation, normalizeRequest, type NormalizedRequest, type WireApi } from './normalize';
import { openAiError, openAiResponse, openAiStreamFrames, type Frame } from './openAiWire';
import { resolveReply, type ResolvedReply } from './reply';
import type { ScriptFile, Step } from './script';

export type ScriptFunction = (request: NormalizedRequest, index: number) => Step | Promise<Step>;
export type ScriptSource = Step[] | ScriptFile | ScriptFunction;

export interface ReportedUsage {
	inputTokens: number;
	outputTokens: number;
	cachedInputTokens: number;
	cacheWriteTokens: number;
}

export interface RecordedRequest {
	index: number;
	api?: WireApi;
	method: string;
	path: string;
	/** Path with query string. */
	url: string;
	headers: Record<string, string>;
	body: unknown;
	normalized?: NormalizedRequest;
	/** Index of the script step that answered. */
	step?: number;
	status?: number;
	/** `performance.now()` when the request arrived / when its connection closed. */
	receivedAt: number;
	closedAt?: number;
	/** Wall-clock ms (`performance.timeOrigin + performance.now()`), comparable across processes. */
	closedAtEpoch?: number;
	/** True when the connection closed before the server finished the response. */
	clientClosed?: boolean;
	/** Usage the server sent to the client for this request (only when it was sent in full). */
	reportedUsage?: ReportedUsage;
}

export interface LlmServerOptions {
	script: ScriptSource;
	port?: number;
	/** When set, requests must carry this key (Bearer, x-api-key or api-key); others get a 401 that echoes what they sent, like real providers. */
	requireKey?: string;
	/** Start the script again when it runs out (manual runs). */
	loop?: boolean;
}

export interface LlmServer {
	url: string;
	port: number;
	/** For the OpenAI SDK (includes `/v1`). */
	openAiBaseUrl: string;
	/** For the Anthropic SDK (no `/v1`). */
	anthropicBaseUrl: string;
	requests: RecordedRequest[];
	/** Expectation mismatches and script errors; a passing test expects none. */
	failures: string[];
	setScript(script: ScriptSource): void;
	remainingSteps(): number;
	/** Destroys the connection of request `index` now (a cut at a moment the test chooses). */
	cut(index: number): void;
	/** Resolves when request `index`'s connection has closed. */
	whenClosed(index: number): Promise<RecordedRequest>;
	/** Requests with credential headers removed, as the CLI writes them to disk. */
	redactedRecords(): RecordedRequest[];
	close(): Promise<void>;
}

const credentialHeader = /^(authorization|x-api-key|api-key|proxy-authorization|cookie)$/i;

export async function startLlmServer(options: LlmServerOptions): Promise<LlmServer> {
	let script = options.script;
	let cursor = 0;
	let sequence = 0;
	const requests: RecordedRequest[] = [];
	const failures: string[] = [];
	const closeWaiters = new Map<number, Array<(r: RecordedRequest) => void>>();
	const open = new Map<number, ServerResponse>();

	const nextStep = async (request: NormalizedRequest, index: number): Promise<{ step: Step; number: number } | undefined> => {
		if (typeof script === 'function') {
			return { step: await script(request, index), number: index };
		}
		const steps = Array.isArray(script) ? script : script.steps;
		if (options.loop && cursor >= steps.length) {
			cursor = 0;
		}
		const number = cursor++;
		return number < steps.length ? { step: steps[number], number } : undefined;
	};

	const sendJson = (res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}) => {
		record.status = status;
		res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${record.index}`, ...headers });
		res.end(JSON.stringify(body));
	};

	const fail = (res: ServerResponse, record: RecordedRequest, api: WireApi, message: string) => {
		failures.push(`request ${record.index}: ${message}`);
		sendJson(res, record, 400, api === 'openai' ? openAiError({ status: 400, message }) : anthropicError({ status: 400, message }));
	};

	const stream = async (res: ServerResponse, record: RecordedRequest, frames: Frame[], step: Step, reply: ResolvedReply, usage: ReportedUsage | undefined) => {
		record.status = 200;
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${record.index}` });
		let pieces = 0;
		for (const frame of frames) {
			if (frame.content) {
				if (step.cutAfterPieces !== undefined && pieces >= step.cutAfterPieces) {
					await cutSoon(res, pieces);
					return;
				}
				if (step.hangAfterPieces !== undefined && pieces >= step.hangAfterPieces) {
					return;
				}
				pieces++;
				if (reply.pieceDelayMs > 0) {
					await pause(reply.pieceDelayMs, res);
				}
			}
			if (res.destroyed) {
				return;
			}
			res.write(frame.data);
		}
		if (step.cutAfterPieces !== undefined) {
			await cutSoon(res, pieces);
			return;
		}
		if (step.hangAfterPieces !== undefined) {
			return;
		}
		record.reportedUsage = usage;
		res.end();
	};

	const handle = async (req: IncomingMessage, res: ServerResponse, record: RecordedRequest) => {
		const api: WireApi | undefined = req.method === 'POST' && record.path === '/v1/chat/completions' ? 'openai' : req.method === 'POST' && record.path === '/v1/messages' ? 'anthropic' : undefined;
		if (req.method === 'GET' && record.path === '/healthz') {
			sendJson(res, record, 200, { ok: true });
			return;
		}
		if (!api) {
			sendJson(res, record, 404, { error: { message: `No route ${req.method} ${record.path}` } });
			return;
		}
		record.api = api;
		const text = await readBody(req);
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(text) as Record<string, unknown>;
		} catch {
			fail(res, record, api, 'request body is not JSON');
			return;
		}
		record.body = body;
		const normalized = normalizeRequest(api, body, record.headers);
		record.normalized = normalized;
		if (options.requireKey !== undefined && presentedKey(record.headers) !== options.requireKey) {
			const error = { status: 401, message: `Incorrect API key provided: ${presentedKey(record.headers)}. You can find your API key at https://example.invalid/keys.` };
			sendJson(res, record, 401, api === 'openai' ? openAiError(error) : anthropicError(error));
			return;
		}
		// Like the real APIs: a history with an unanswered tool call or an orphan result is refused
		// before anything else (no script step is used), and counts as a failure of the test.
		const broken = historyProblems(normalized);
		if (broken.length > 0) {
			fail(res, record, api, historyErrorMessage(api, broken));
			return;
		}
		const next = await nextStep(normalized, record.index);
		if (!next) {
			fail(res, record, api, 'script exhausted: no step left for this request');
			return;
		}
		const { step, number } = next;
		record.step = number;
		const problems = checkExpectation(normalized, step.expect);
		if (problems.length > 0) {
			fail(res, record, api, `script expectation failed at step ${number}: ${problems.join('; ')}`);
			return;
		}
		if (step.delayMs) {
			await pause(step.delayMs, res);
		}
		if (res.destroyed) {
			return;
		}
		if (step.error?.kind === 'auth') {
			const error = { status: 401, message: `Incorrect API key provided: ${presentedKey(record.headers)}.` };
			sendJson(res, record, 401, api === 'openai' ? openAiError(error) : anthropicError(error));
			return;
		}
		if (step.error) {
			const headers: Record<string, string> = step.error.retryAfter === undefined ? {} : { 'retry-after': step.error.retryAfter };
			sendJson(res, record, step.error.status, api === 'openai' ? openAiError(step.error) : anthropicError(step.error), headers);
			return;
		}
		if (!step.reply) {
			return; // hang without answering at all
		}
		const reply = resolveReply(step.reply, normalized, ++sequence);
		const id = api === 'openai' ? `chatcmpl-${sequence}` : `msg_${sequence}`;
		const model = normalized.model;
		const sentUsage = api === 'anthropic' || normalized.includeUsage || !normalized.stream;
		const usage: ReportedUsage | undefined = sentUsage ? { inputTokens: reply.usage.input, outputTokens: reply.usage.output, cachedInputTokens: reply.usage.cached, cacheWriteTokens: reply.usage.cacheWrite } : undefined;
		if (normalized.stream) {
			const frames = api === 'openai' ? openAiStreamFrames(reply, model, id, normalized.includeUsage) : anthropicStreamFrames(reply, model, id);
			await stream(res, record, frames, step, reply, usage);
			return;
		}
		if (step.cutAfterPieces !== undefined) {
			res.socket?.destroy();
			return;
		}
		if (step.hangAfterPieces !== undefined) {
			return;
		}
		record.reportedUsage = usage;
		sendJson(res, record, 200, api === 'openai' ? openAiResponse(reply, model, id) : anthropicResponse(reply, model, id));
	};

	const server = createServer((req, res) => {
		const record: RecordedRequest = { index: requests.length, method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0], url: req.url ?? '/', headers: flatHeaders(req), body: undefined, receivedAt: performance.now() };
		requests.push(record);
		open.set(record.index, res);
		res.on('close', () => {
			open.delete(record.index);
			record.closedAt = performance.now();
			record.closedAtEpoch = performance.timeOrigin + record.closedAt;
			record.clientClosed = !res.writableFinished;
			for (const resolve of closeWaiters.get(record.index) ?? []) {
				resolve(record);
			}
			closeWaiters.delete(record.index);
		});
		handle(req, res, record).catch((error: unknown) => {
			failures.push(`request ${record.index}: server error ${String(error)}`);
			if (!res.headersSent) {
				sendJson(res, record, 500, { error: { message: 'test server error' } });
			} else {
				res.destroy();
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const url = `http://127.0.0.1:${port}`;
	return {
		url,
		port,
		openAiBaseUrl: `${url}/v1`,
		anthropicBaseUrl: url,
		requests,
		failures,
		setScript(next) {
			script = next;
			cursor = 0;
		},
		remainingSteps() {
			return typeof script === 'function' ? Infinity : (Array.isArray(script) ? script : script.steps).length - cursor;
		},
		cut(index) {
			open.get(index)?.socket?.destroy();
		},
		whenClosed(index) {
			const record = requests[index];
			if (record?.closedAt !== undefined) {
				return Promise.resolve(record);
			}
			return new Promise((resolve) => closeWaiters.set(index, [...(closeWaiters.get(index) ?? []), resolve]));
		},
		redactedRecords() {
			return requests.map((r) => ({
				...r,
				headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, credentialHeader.test(k) ? '[REDACTED]' : v])),
				normalized: r.normalized && { ...r.normalized, headers: {} },
			}));
		},
		close() {
			server.closeAllConnections();
			return new Promise((resolve) => server.close(() => resolve()));
		},
	};
}
