import type { SdkAdapterOptions } from './sdkSupport';
// Any server that speaks OpenAI Chat Completions: Ollama, LM Studio, vLLM, llama.cpp, proxies, and
// Azure-style deployments (deployment in the base URL, `api-version` as query, key in `api-key`).
import { OpenAiChatModel } from './openAiChatModel';
import type { StructuredOutputMode } from './types';

export interface OpenAiCompatibleOptions extends SdkAdapterOptions {
	/** The server's OpenAI root, usually ending in `/v1` (e.g. http://127.0.0.1:11434/v1). */
	baseUrl: string;
	query?: Record<string, string>;
	/**
	 * `json` when the server honours `response_format: json_object`, `tool` when it honours a forced
	 * tool choice; otherwise `prompt` (instructions plus tolerant extraction), the safe default.
	 */
	structuredOutput?: StructuredOutputMode;
	/** Some servers reject `stream_options`; turn it off for them (usage is then not reported). */
	streamUsage?: boolean;
}

/** Parses `https://host/path?api-version=…` into a base URL and default query (Azure puts both in one). */
export function splitBaseUrl(url: string): { baseUrl: string; query: Record<string, string> } {
	const parsed = new URL(url);
	if (parsed.username || parsed.password) {
		throw new Error('A base URL must not contain credentials: store the key with "Rampart: Set API Key".');
	}
	const query: Record<string, string> = {};
	parsed.searchParams.forEach((value, key) => {
		query[key] = value;
	});
	parsed.search = '';
	parsed.hash = '';
	return { baseUrl: parsed.toString().replace(/\/$/, ''), query };
}

export function createOpenAiCompatibleChatModel(options: OpenAiCompatibleOptions): OpenAiChatModel {
	const { baseUrl, query } = splitBaseUrl(options.baseUrl);
	return new OpenAiChatModel({
		...options,
		kind: 'openai-compatible',
		baseUrl,
		query: { ...query, ...options.query },
		structuredOutput: options.structuredOutput ?? 'prompt',
		maxTokensField: 'max_tokens',
	});
}
