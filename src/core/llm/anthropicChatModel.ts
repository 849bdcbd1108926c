// Anthropic Messages through `@anthropic-ai/sdk`: streaming, tool_use, prompt caching (cache_control
// on the system prompt and on the last stable block) and cached-token usage.
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, MessageParam, RawMessageStreamEvent, TextBlockParam, ToolChoice as AnthropicToolChoice, ToolResultBlockParam, ToolUseBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { StreamingChatModel } from './collect';
import { ProviderError } from './errors';
import { SecretRegistry, sdkLogger, silentLogger } from './redact';
import { authHeaders, linkedController, toProviderError, type SdkAdapterOptions } from './sdkSupport';
import type { CallOptions, ChatEvent, ChatMessage, ChatRequest, ModelInfo, StopReason, ToolChoice, TokenUsage } from './types';

export interface AnthropicChatModelOptions extends SdkAdapterOptions {
	/** Without `/v1`. Default: https://api.anthropic.com */
	baseUrl?: string;
	/** `max_tokens` is required by the API; used when a request names none. */
	defaultMaxTokens?: number;
	/** Put cache breakpoints on the system prompt and the last stable block (default true). */
	promptCaching?: boolean;
}

type Block = TextBlockParam | ToolUseBlockParam | ToolResultBlockParam;

function parseInput(args: string): unknown {
	try {
		const value: unknown = JSON.parse(args);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
	} catch {
		return {};
	}
}

/** System text and alternating messages; `stable` marks the last block of the cacheable prefix. */
export function toAnthropicMessages(messages: ChatMessage[], stable: number, caching: boolean): { system: TextBlockParam[]; messages: MessageParam[] } {
	const system: TextBlockParam[] = [];
	const out: Array<{ role: 'user' | 'assistant'; content: Block[] }> = [];
	let stableBlock: Block | undefined;
	messages.forEach((message, index) => {
		let blocks: Block[];
		let role: 'user' | 'assistant';
		if (message.role === 'system') {
			system.push({ type: 'text', text: message.content });
			return;
		} else if (message.role === 'user') {
			role = 'user';
			blocks = [{ type: 'text', text: message.content }];
		} else if (message.role === 'tool') {
			role = 'user';
			blocks = [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content, ...(message.isError ? { is_error: true } : {}) }];
		} else {
			role = 'assistant';
			blocks = message.content === '' ? [] : [{ type: 'text', text: message.content }];
			for (const call of message.toolCalls ?? []) {
				blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: parseInput(call.arguments) });
			}
		}
		if (blocks.length === 0) {
			return;
		}
		const last = out[out.length - 1];
		if (last && last.role === role) {
			last.content.push(...blocks);
		} else {
			out.push({ role, content: blocks });
		}
		if (index < stable) {
			stableBlock = blocks[blocks.length - 1];
		}
	});
	if (caching) {
		const lastSystem = system[system.length - 1];
		if (lastSystem) {
			lastSystem.cache_control = { type: 'ephemeral' };
		}
		if (stableBlock) {
			stableBlock.cache_control = { type: 'ephemeral' };
		}
	}
	return { system, messages: out };
}

function toolChoice(choice: ToolChoice | undefined): AnthropicToolChoice | undefined {
	switch (choice) {
		case undefined:
			return undefined;
		case 'auto':
			return { type: 'auto' };
		case 'none':
			return { type: 'none' };
		case 'required':
			return { type: 'any' };
		default:
			return { type: 'tool', name: choice.name };
	}
}

function stopReason(reason: string | null | undefined): StopReason {
	switch (reason) {
		case 'end_turn':
		case 'stop_sequence':
			return 'stop';
		case 'tool_use':
			return 'tool-calls';
		case 'max_tokens':
		case 'model_context_window_exceeded':
			return 'length';
		case 'refusal':
			return 'content-filter';
		default:
			return 'other';
	}
}

export class AnthropicChatModel extends StreamingChatModel {
	readonly info: ModelInfo;
	private readonly client: Anthropic;
	private readonly secrets: SecretRegistry;
	private readonly now: () => number;

	constructor(private readonly options: AnthropicChatModelOptions) {
		super();
		this.info = { profileId: options.profileId ?? 'anthropic', kind: 'anthropic', model: options.model, structuredOutput: 'tool' };
		this.secrets = options.secrets ?? new SecretRegistry();
		this.secrets.add(options.apiKey);
		this.now = options.now ?? Date.now;
		const headers = authHeaders(options);
		// A key passed in code keeps the SDK from reading ANTHROPIC_* variables or credential files.
		this.client = new Anthropic({
			apiKey: options.apiKey || 'no-key',
			baseURL: options.baseUrl ?? 'https://api.anthropic.com',
			defaultHeaders: headers,
			maxRetries: 0,
			timeout: options.requestTimeoutMs ?? 10 * 60_000,
			fetch: options.fetch,
			openTelemetry: false,
			logger: sdkLogger(options.logger ?? silentLogger, 'anthropic'),
			logLevel: options.sdkLogLevel ?? 'warn',
		});
	}

	private params(request: ChatRequest): MessageCreateParamsStreaming {
		const stable = request.stableMessageCount ?? request.messages.length;
		const { system, messages } = toAnthropicMessages(request.messages, stable, this.options.promptCaching !== false);
		const params: MessageCreateParamsStreaming = {
			model: this.options.model,
			max_tokens: request.maxTokens ?? this.options.defaultMaxTokens ?? 4096,
			messages,
			stream: true,
		};
		if (system.length > 0) {
			params.system = system;
		}
		if (request.tools && request.tools.length > 0) {
			params.tools = request.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: { type: 'object' as const, ...tool.parameters } }));
			params.tool_choice = toolChoice(request.toolChoice);
		}
		// The current Messages API has no sampling temperature: `request.temperature` is ignored here.
		return params;
	}

	async *stream(request: ChatRequest, options: CallOptions = {}): AsyncGenerator<ChatEvent> {
		const link = linkedController(options.signal);
		let streaming = false;
		let partialText = '';
		try {
			const stream = await this.client.messages.create(this.params(request), { signal: link.signal });
			streaming = true;
			const blocks = new Map<number, { id: string; name: string; arguments: string; fallback: string }>();
			let toolIndex = 0;
			const toolIndexOf = new Map<number, number>();
			let usage: TokenUsage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };
			let model = this.options.model;
			let stop: StopReason = 'other';
			let stopped = false;
			for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
				switch (event.type) {
					case 'message_start': {
						const u = event.message.usage;
						model = event.message.model || model;
						const read = u.cache_read_input_tokens ?? 0;
						const write = u.cache_creation_input_tokens ?? 0;
						usage = { inputTokens: u.input_tokens + read + write, outputTokens: u.output_tokens, cachedInputTokens: read, cacheWriteTokens: write };
						break;
					}
					case 'content_block_start':
						if (event.content_block.type === 'tool_use') {
							const block = event.content_block;
							toolIndexOf.set(event.index, toolIndex);
							blocks.set(event.index, { id: block.id, name: block.name, arguments: '', fallback: JSON.stringify(block.input ?? {}) });
							yield { type: 'tool-call-delta', index: toolIndex++, id: block.id, name: block.name, argumentsDelta: '' };
						} else if (event.content_block.type === 'text' && event.content_block.text) {
							partialText += event.content_block.text;
							yield { type: 'text-delta', text: event.content_block.text };
						}
						break;
					case 'content_block_delta':
						if (event.delta.type === 'text_delta' && event.delta.text) {
							partialText += event.delta.text;
							yield { type: 'text-delta', text: event.delta.text };
						} else if (event.delta.type === 'input_json_delta') {
							const block = blocks.get(event.index);
							if (block) {
								block.arguments += event.delta.partial_json;
								yield { type: 'tool-call-delta', index: toolIndexOf.get(event.index) ?? 0, argumentsDelta: event.delta.partial_json };
							}
						}
						break;
					case 'content_block_stop': {
						const block = blocks.get(event.index);
						if (block) {
							yield { type: 'tool-call', index: toolIndexOf.get(event.index) ?? 0, call: { id: block.id, name: block.name, arguments: block.arguments || block.fallback } };
							blocks.delete(event.index);
						}
						break;
					}
					case 'message_delta': {
						stop = stopReason(event.delta.stop_reason);
						const u = event.usage;
						const read = u.cache_read_input_tokens ?? usage.cachedInputTokens;
						const write = u.cache_creation_input_tokens ?? usage.cacheWriteTokens;
						const input = u.input_tokens === null || u.input_tokens === undefined ? usage.inputTokens : u.input_tokens + read + write;
						usage = { inputTokens: input, outputTokens: u.output_tokens, cachedInputTokens: read, cacheWriteTokens: write };
						break;
					}
					case 'message_stop':
						stopped = true;
						break;
				}
			}
			if (link.signal.aborted) {
				throw new ProviderError('aborted', 'The model call was cancelled.');
			}
			if (!stopped) {
				throw new ProviderError('stream-broken', 'The response stream ended before the model finished.', { partialText });
			}
			yield { type: 'usage', model, usage };
			yield { type: 'finish', stopReason: stop };
		} catch (error) {
			throw toProviderError(error, { signal: link.signal, secrets: this.secrets, streaming, partialText, now: this.now() });
		} finally {
			link.dispose();
		}
	}
}
