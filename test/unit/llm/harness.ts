// Shared by the LLM tests: the three adapters pointed at the local server, a test clock, a capturing
// logger, a tiny agent loop that runs a scripted conversation, and isolation from provider env vars.
import { join } from 'node:path';
import { z } from 'zod';
import { AnthropicChatModel } from '../../../src/core/llm/anthropicChatModel';
import { collectResponse } from '../../../src/core/llm/collect';
import { OpenAiChatModel } from '../../../src/core/llm/openAiChatModel';
import { createOpenAiCompatibleChatModel } from '../../../src/core/llm/openAiCompatibleChatModel';
import { type Logger, type LogLevel, SecretRegistry, redactingLogger } from '../../../src/core/llm/redact';
import { type Clock, ResilientChatModel, type ResilienceOptions } from '../../../src/core/llm/resilientChatModel';
import { defineTool, parseToolArguments, type TypedTool } from '../../../src/core/llm/tools';
import type { ChatEvent, ChatMessage, ChatModel, ChatResponse } from '../../../src/core/llm/types';
import { repoRoot } from '../../support/fixtureCorpus';
import { loadScript, type ScriptFile } from '../../support/llmServer/script';
import type { LlmServer } from '../../support/llmServer/server';

export const TEST_KEY = 'sk-test-Rampart0123456789abcdefKEY';

export function fixture(name: string): ScriptFile {
	return loadScript(join(repoRoot, 'test', 'fixtures', 'llm', `${name}.json`));
}

/** Both SDKs read OPENAI_* / ANTHROPIC_* variables: the tests run without any of them. */
export function isolateProviderEnv(): void {
	const saved = new Map<string, string | undefined>();
	before(() => {
		for (const name of Object.keys(process.env).filter((n) => /^(OPENAI|ANTHROPIC)_/.test(n))) {
			saved.set(name, process.env[name]);
			delete process.env[name];
		}
	});
	after(() => {
		for (const [name, value] of saved) {
			process.env[name] = value;
		}
	});
}

export interface CapturedLog {
	level: LogLevel;
	message: string;
	data?: Record<string, unknown>;
}

export function captureLogger(registry: SecretRegistry): { logger: Logger; lines: CapturedLog[] } {
	const lines: CapturedLog[] = [];
	return { logger: redactingLogger({ log: (level, message, data) => lines.push({ level, message, data }) }, registry), lines };
}

/** Sleeps are recorded and skipped; timers are real (only the timeout tests use them). */
export function testClock(): Clock & { sleeps: number[] } {
	const sleeps: number[] = [];
	return {
		sleeps,
		now: () => Date.now(),
		sleep: async (ms, signal) => {
			sleeps.push(ms);
			if (signal?.aborted) {
				throw new Error('aborted');
			}
		},
		setTimer: (ms, fire) => {
			const timer = setTimeout(fire, ms);
			return () => clearTimeout(timer);
		},
	};
}

export interface AdapterOptions {
	apiKey?: string;
	logger?: Logger;
	secrets?: SecretRegistry;
	sdkLogLevel?: 'debug' | 'warn';
}

export interface AdapterCase {
	name: 'openai' | 'anthropic' | 'openai-compatible';
	create(server: LlmServer, options?: AdapterOptions): ChatModel;
}

export const adapters: AdapterCase[] = [
	{
		name: 'openai',
		create: (server, o = {}) => new OpenAiChatModel({ profileId: 'test-openai', model: 'gpt-4.1-mini', apiKey: o.apiKey ?? TEST_KEY, baseUrl: server.openAiBaseUrl, logger: o.logger, secrets: o.secrets, sdkLogLevel: o.sdkLogLevel }),
	},
	{
		name: 'anthropic',
		create: (server, o = {}) => new AnthropicChatModel({ profileId: 'test-anthropic', model: 'claude-sonnet-4-6', apiKey: o.apiKey ?? TEST_KEY, baseUrl: server.anthropicBaseUrl, logger: o.logger, secrets: o.secrets, sdkLogLevel: o.sdkLogLevel }),
	},
	{
		name: 'openai-compatible',
		create: (server, o = {}) =>
			createOpenAiCompatibleChatModel({ profileId: 'test-local', model: 'llama3.1:8b', apiKey: o.apiKey, baseUrl: server.openAiBaseUrl, headers: { 'x-rampart-test': 'compatible' }, logger: o.logger, secrets: o.secrets, sdkLogLevel: o.sdkLogLevel }),
	},
];

export function resilient(model: ChatModel, clock: Clock, options: ResilienceOptions = {}): ResilientChatModel {
	return new ResilientChatModel(model, { clock, random: () => 0.5, ...options });
}

export const weatherTool = defineTool({
	name: 'get_weather',
	description: 'Current weather for a city.',
	schema: z.object({ city: z.string().min(1) }).strict(),
});

export const writeFileTool = defineTool({
	name: 'write_file',
	description: 'Writes a file in the workspace.',
	schema: z.object({ path: z.string(), content: z.string() }).strict(),
});

const weather: Record<string, string> = { Paris: '18 °C, sunny', Berlin: '12 °C, cloudy' };

/** Fake tool implementations for the scripted conversations. */
export const handlers: Record<string, (args: Record<string, string>) => string> = {
	get_weather: (args) => `${args.city}: ${weather[args.city] ?? 'unknown'}`,
	write_file: (args) => `${args.path} written (${args.content.length} characters)`,
};

export interface ConversationRun {
	messages: ChatMessage[];
	responses: ChatResponse[];
	events: ChatEvent[][];
}

/** A minimal agent loop: ask, run the tools the model calls (errors go back as results), repeat. */
export async function runConversation(model: ChatModel, user: string, tools: Array<TypedTool<unknown>>, maxTurns = 5): Promise<ConversationRun> {
	const messages: ChatMessage[] = [{ role: 'system', content: 'You are Rampart, a security analyst.' }, { role: 'user', content: user }];
	const responses: ChatResponse[] = [];
	const events: ChatEvent[][] = [];
	for (let turn = 0; turn < maxTurns; turn++) {
		const turnEvents: ChatEvent[] = [];
		const response = await collectResponse(
			(async function* () {
				for await (const event of model.stream({ messages, tools: tools.length > 0 ? tools : undefined })) {
					turnEvents.push(event);
					yield event;
				}
			})(),
			model.info.model,
		);
		responses.push(response);
		events.push(turnEvents);
		messages.push({ role: 'assistant', content: response.text, ...(response.toolCalls.length > 0 ? { toolCalls: response.toolCalls } : {}) });
		if (response.toolCalls.length === 0) {
			return { messages, responses, events };
		}
		for (const call of response.toolCalls) {
			const tool = tools.find((t) => t.name === call.name);
			const parsed = tool ? parseToolArguments(tool, call) : { ok: false as const, error: `Unknown tool ${call.name}.` };
			messages.push(
				parsed.ok
					? { role: 'tool', toolCallId: call.id, toolName: call.name, content: handlers[call.name](parsed.value as Record<string, string>) }
					: { role: 'tool', toolCallId: call.id, toolName: call.name, content: parsed.error, isError: true },
			);
		}
	}
	throw new Error('conversation did not finish');
}

export function newRegistry(...secrets: string[]): SecretRegistry {
	const registry = new SecretRegistry();
	secrets.forEach((s) => registry.add(s));
	return registry;
}
