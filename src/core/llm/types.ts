// Provider-neutral chat model: messages, tools, stream events and the ChatModel port.
// Adapters translate these to one wire format each; nothing above this layer knows which.

/** JSON Schema as sent to a provider (an object literal; never validated here). */
export type JsonSchema = { [key: string]: unknown };

export interface SystemMessage {
	role: 'system';
	content: string;
}

export interface UserMessage {
	role: 'user';
	content: string;
}

/** One tool call the model made. `arguments` is the raw JSON text exactly as the model produced it. */
export interface ToolCall {
	id: string;
	name: string;
	arguments: string;
}

export interface AssistantMessage {
	role: 'assistant';
	content: string;
	toolCalls?: ToolCall[];
}

/** The result of one tool call, answered in the message right after the assistant's calls. */
export interface ToolResultMessage {
	role: 'tool';
	toolCallId: string;
	toolName: string;
	content: string;
	isError?: boolean;
}

export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolResultMessage;

/** A tool as the model sees it: name, description and JSON Schema of its arguments. */
export interface ToolDefinition {
	name: string;
	description: string;
	parameters: JsonSchema;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export interface ChatRequest {
	messages: ChatMessage[];
	tools?: ToolDefinition[];
	toolChoice?: ToolChoice;
	maxTokens?: number;
	temperature?: number;
	/** Ask for JSON output (JSON mode / structured outputs where the provider has it). */
	responseFormat?: { type: 'json'; name: string; schema: JsonSchema };
	/**
	 * How many leading messages are stable across the next calls (prompt caching). The adapter puts
	 * a cache breakpoint on the last block of that prefix; default: every message of this request.
	 */
	stableMessageCount?: number;
}

export type StopReason = 'stop' | 'tool-calls' | 'length' | 'content-filter' | 'other';

/**
 * Tokens of one call, as the server reported them. `inputTokens` counts every prompt token,
 * of which `cachedInputTokens` were read from the provider's cache and `cacheWriteTokens` written to it.
 */
export interface TokenUsage {
	inputTokens: number;
	outputTokens: number;
	cachedInputTokens: number;
	cacheWriteTokens: number;
}

export type ChatEvent =
	| { type: 'text-delta'; text: string }
	/** A piece of a tool call being streamed; `index` orders calls within the turn. */
	| { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
	/** A tool call whose arguments are complete (they may still be malformed JSON). */
	| { type: 'tool-call'; index: number; call: ToolCall }
	/** One per HTTP call that reported usage. */
	| { type: 'usage'; usage: TokenUsage; model: string }
	| { type: 'finish'; stopReason: StopReason };

export interface ChatResponse {
	text: string;
	toolCalls: ToolCall[];
	stopReason: StopReason;
	/** Summed over every HTTP call that produced this response (retries included). */
	usage: TokenUsage;
	model: string;
}

export interface CallOptions {
	signal?: AbortSignal;
}

export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible' | 'vscode-lm';

/** How a model can be made to answer in JSON, best first. */
export type StructuredOutputMode = 'json' | 'tool' | 'prompt';

export interface ModelInfo {
	/** The provider profile this model belongs to. */
	profileId: string;
	kind: ProviderKind;
	model: string;
	structuredOutput: StructuredOutputMode;
}

/** The one interface every backend implements. */
export interface ChatModel {
	readonly info: ModelInfo;
	stream(request: ChatRequest, options?: CallOptions): AsyncIterable<ChatEvent>;
	complete(request: ChatRequest, options?: CallOptions): Promise<ChatResponse>;
}

export function emptyUsage(): TokenUsage {
	return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 };
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
	return {
		inputTokens: a.inputTokens + b.inputTokens,
		outputTokens: a.outputTokens + b.outputTokens,
		cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
		cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
	};
}
