// Structured output: ask for JSON the way the provider supports best, validate it with zod, send the
// validation errors back once, then give up with a typed `invalid-output` error.
import type { z } from 'zod';
import { ProviderError } from './errors';
import { extractJson } from './jsonExtraction';
import { formatIssues, toJsonSchema } from './tools';
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse, StructuredOutputMode, TokenUsage, ToolCall } from './types';
import { addUsage, emptyUsage } from './types';

export interface GenerateObjectOptions<T> {
	schema: z.ZodType<T>;
	/** Names the object for the provider (tool name / schema name). */
	name?: string;
	description?: string;
	system?: string;
	prompt?: string;
	/** Conversation before the prompt. */
	messages?: ChatMessage[];
	/** Default: what the model supports best (`model.info.structuredOutput`). */
	mode?: StructuredOutputMode;
	maxTokens?: number;
	temperature?: number;
	signal?: AbortSignal;
}

export interface GenerateObjectResult<T> {
	object: T;
	/** 1, or 2 when the repair round was needed. */
	rounds: number;
	usage: TokenUsage;
	responses: ChatResponse[];
}

type Outcome<T> = { ok: true; value: T } | { ok: false; issues: string[]; raw: string; call?: ToolCall };

function instruction(schema: string): string {
	return `Answer with exactly one JSON value that matches this JSON schema, and nothing else:\n${schema}`;
}

function validate<T>(schema: z.ZodType<T>, response: ChatResponse, toolName: string | undefined): Outcome<T> {
	const call = toolName === undefined ? undefined : response.toolCalls.find((c) => c.name === toolName);
	const raw = call ? call.arguments : response.text;
	const extracted = extractJson(raw);
	if (!extracted.ok) {
		return { ok: false, issues: [call ? `The tool arguments are not valid JSON: ${extracted.error}` : extracted.error], raw, call };
	}
	const result = schema.safeParse(extracted.value);
	return result.success ? { ok: true, value: result.data } : { ok: false, issues: formatIssues(result.error), raw, call };
}

/** The messages that tell the model what was wrong with its last answer. */
function repairMessages(response: ChatResponse, failure: { issues: string[]; call?: ToolCall }): ChatMessage[] {
	const problems = failure.issues.map((issue) => `- ${issue}`).join('\n');
	if (failure.call) {
		return [
			{ role: 'assistant', content: response.text, toolCalls: [failure.call] },
			{ role: 'tool', toolCallId: failure.call.id, toolName: failure.call.name, isError: true, content: `Validation failed:\n${problems}\nCall ${failure.call.name} again with corrected arguments.` },
		];
	}
	return [
		{ role: 'assistant', content: response.text },
		{ role: 'user', content: `Your answer did not validate:\n${problems}\nReply again with only the corrected JSON.` },
	];
}

export async function generateObject<T>(model: ChatModel, options: GenerateObjectOptions<T>): Promise<GenerateObjectResult<T>> {
	const mode = options.mode ?? model.info.structuredOutput;
	const name = options.name ?? 'result';
	const parameters = toJsonSchema(options.schema);
	const schemaText = JSON.stringify(parameters);
	const system = [options.system, mode === 'tool' ? `Answer by calling the ${name} tool.` : instruction(schemaText)].filter((s): s is string => !!s).join('\n\n');
	const messages: ChatMessage[] = [{ role: 'system', content: system }, ...(options.messages ?? [])];
	if (options.prompt !== undefined) {
		messages.push({ role: 'user', content: options.prompt });
	}
	const base: Omit<ChatRequest, 'messages'> = { maxTokens: options.maxTokens, temperature: options.temperature };
	if (mode === 'tool') {
		base.tools = [{ name, description: options.description ?? `Returns the ${name}.`, parameters }];
		base.toolChoice = { name };
	} else if (mode === 'json') {
		base.responseFormat = { type: 'json', name, schema: parameters };
	}
	const responses: ChatResponse[] = [];
	let usage = emptyUsage();
	let failure: Extract<Outcome<T>, { ok: false }> | undefined;
	for (let round = 1; round <= 2; round++) {
		const response = await model.complete({ ...base, messages, stableMessageCount: messages.length }, { signal: options.signal });
		responses.push(response);
		usage = addUsage(usage, response.usage);
		const outcome = validate(options.schema, response, mode === 'tool' ? name : undefined);
		if (outcome.ok) {
			return { object: outcome.value, rounds: round, usage, responses };
		}
		failure = outcome;
		messages.push(...repairMessages(response, outcome));
	}
	throw new ProviderError('invalid-output', `The model's output did not match the expected ${name} schema after one repair round: ${failure?.issues.slice(0, 5).join('; ')}`, {
		issues: failure?.issues,
		rawOutput: failure?.raw,
	});
}
