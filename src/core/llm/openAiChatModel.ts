// OpenAI Chat Completions through the `openai` SDK: streaming, tools, parallel tool calls, usage.
// The same class serves OpenAI-compatible servers (see openAiCompatibleChatModel.ts).
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam, ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';
import { StreamingChatModel } from './collect';
import { ProviderError } from './errors';
import { SecretRegistry, sdkLogger, silentLogger } from './redact';
import { authHeaders, linkedController, toProviderError, type SdkAdapterOptions } from './sdkSupport';
import type { CallOptions, ChatEvent, ChatMessage, ChatRequest, ModelInfo, StopReason, StructuredOutputMode, ToolChoice } from './types';

export interface OpenAiChatModelOptions extends SdkAdapterOptions {
	kind?: 'openai' | 'openai-compatible';
	/** Including `/v1`. Default: https://api.openai.com/v1 */
	baseUrl?: string;
	query?: Record<string, string>;
	structuredOutput?: StructuredOutputMode;
	/** Ask for a usage chunk at the end of the stream (`stream_options.include_usage`). */
	streamUsage?: boolean;
	/** Newer OpenAI models take `max_completion_tokens`; most compatible servers `max_tokens`. */
	maxTokensField?: 'max_completion_tokens' | 'max_tokens';
}

function finishReason(reason: ChatCompletionChunk.Choice['finish_reason']): StopReason {
	switch (reason) {
		case 'stop':
			return 'stop';
		case 'tool_calls':
		case 'function_call':
			return 'tool-calls';
		case 'length':
			return 'length';
		case 'content_filter':
			return 'content-filter';
		default:
			return 'other';
	}
}

export function toOpenAiMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
	return messages.map((message): ChatCompletionMessageParam => {
		switch (message.role) {
			case 'system':
				return { role: 'system', content: message.content };
			case 'user':
				return { role: 'user', content: message.content };
			case 'assistant':
				if (message.toolCalls && message.toolCalls.length > 0) {
					return {
						role: 'assistant',
						content: message.content === '' ? null : message.content,
						tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })),
					};
				}
				return { role: 'assistant', content: message.content };
			case 'tool':
				return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
		}
	});
}

function toolChoice(choice: ToolChoice | undefined): ChatCompletionToolChoiceOption | undefined {
	if (choice === undefined || typeof choice === 'string') {
		return choice;
	}
	return { type: 'function', function: { name: choice.name } };
}

export class OpenAiChatModel extends StreamingChatModel {
	readonly info: ModelInfo;
	private readonly client: OpenAI;
	private readonly secrets: SecretRegistry;
	private readonly now: () => number;

	constructor(private readonly options: OpenAiChatModelOptions) {
		super();
		const kind = options.kind ?? 'openai';
		this.info = { profileId: options.profileId ?? kind, kind, model: options.model, structuredOutput: options.structuredOutput ?? (kind === 'openai' ? 'json' : 'prompt') };
		this.secrets = options.secrets ?? new SecretRegistry();
		this.secrets.add(options.apiKey);
		this.now = options.now ?? Date.now;
		const headers = authHeaders(options);
		// Every option is explicit so that no OPENAI_* environment variable is read.
		this.client = new OpenAI({
			apiKey: options.apiKey || 'no-key',
			organization: null,
			project: null,
			webhookSecret: null,
			adminAPIKey: null,
			baseURL: options.baseUrl ?? 'https://api.openai.com/v1',
			defaultHeaders: headers,
			defaultQuery: options.query,
			maxRetries: 0,
			timeout: options.requestTimeoutMs ?? 10 * 60_000,
			fetch: options.fetch,
			logger: sdkLogger(options.logger ?? silentLogger, 'openai'),
			logLevel: options.sdkLogLevel ?? 'warn',
		});
	}

	private params(request: ChatRequest): ChatCompletionCreateParamsStreaming {
		const params: ChatCompletionCreateParamsStreaming = {
			model: this.options.model,
			messages: toOpenAiMessages(request.messages),
			stream: true,
		};
		if (this.options.streamUsage !== false) {
			params.stream_options = { include_usage: true };
		}
		if (request.tools && request.tools.length > 0) {
			params.tools = request.tools.map((tool) => ({ type: 'function' as const, function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
			params.tool_choice = toolChoice(request.toolChoice);
		}
		if (request.maxTokens !== undefined) {
			const field = this.options.maxTokensField ?? (this.info.kind === 'openai' ? 'max_completion_tokens' : 'max_tokens');
			params[field] = request.maxTokens;
		}
		if (request.temperature !== undefined) {
			params.temperature = request.temperature;
		}
		if (request.responseFormat) {
			params.response_format = this.info.structuredOutput === 'json' && this.info.kind === 'openai'
				? { type: 'json_schema', json_schema: { name: request.responseFormat.name, schema: request.responseFormat.schema, strict: false } }
				: { type: 'json_object' };
		}
		return params;
	}

	/** Emits the finished tool calls in index order (some servers say `stop` even then: the calls count). */
	private *completeCalls(calls: Map<number, { id: string; name: string; arguments: string }>): Generator<ChatEvent> {
		for (const [index, call] of [...calls.entries()].sort((a, b) => a[0] - b[0])) {
			yield { type: 'tool-call', index, call: { id: call.id || `call_${index}`, name: call.name, arguments: call.arguments } };
		}
		calls.clear();
	}

	async *stream(request: ChatRequest, options: CallOptions = {}): AsyncGenerator<ChatEvent> {
		const link = linkedController(options.signal);
		let streaming = false;
		let partialText = '';
		try {
			const stream = await this.client.chat.completions.create(this.params(request), { signal: link.signal });
			streaming = true;
			const calls = new Map<number, { id: string; name: string; arguments: string }>();
			let stop: StopReason | undefined;
			for await (const chunk of stream) {
				if (chunk.usage) {
					const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
					yield { type: 'usage', model: chunk.model || this.options.model, usage: { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens, cachedInputTokens: cached, cacheWriteTokens: 0 } };
				}
				const choice = chunk.choices[0];
				if (!choice) {
					continue;
				}
				const text = choice.delta?.content;
				if (text) {
					partialText += text;
					yield { type: 'text-delta', text };
				}
				for (const delta of choice.delta?.tool_calls ?? []) {
					const call = calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
					call.id ||= delta.id ?? '';
					call.name ||= delta.function?.name ?? '';
					call.arguments += delta.function?.arguments ?? '';
					calls.set(delta.index, call);
					yield { type: 'tool-call-delta', index: delta.index, id: delta.id, name: delta.function?.name, argumentsDelta: delta.function?.arguments ?? '' };
				}
				if (choice.finish_reason) {
					stop = finishReason(choice.finish_reason);
					if (stop === 'stop' && calls.size > 0) {
						stop = 'tool-calls';
					}
					yield* this.completeCalls(calls);
				}
			}
			if (link.signal.aborted) {
				throw new ProviderError('aborted', 'The model call was cancelled.');
			}
			if (stop === undefined) {
				// OpenAI always ends with a finish_reason; some compatible servers end cleanly without one.
				if (this.info.kind === 'openai') {
					throw new ProviderError('stream-broken', 'The response stream ended before the model finished.', { partialText });
				}
				stop = calls.size > 0 ? 'tool-calls' : 'other';
				yield* this.completeCalls(calls);
			}
			yield { type: 'finish', stopReason: stop };
		} catch (error) {
			throw toProviderError(error, { signal: link.signal, secrets: this.secrets, streaming, partialText, now: this.now() });
		} finally {
			link.dispose();
		}
	}
}
