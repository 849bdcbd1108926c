// Conversation scripts for the local LLM server: plain data (JSON files in test/fixtures/llm) or a
// function of the request. Each request consumes the next step: optional expectations on what the
// client sent, then a reply or a fault. Steps are provider-neutral: the same script drives the
// OpenAI and the Anthropic wire formats.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const toolCallSchema = z.object({ id: z.string().min(1), name: z.string().min(1), arguments: z.string() }).strict();

const usageSchema = z
	.object({
		/** Every prompt token, cached ones included. */
		input: z.number().int().nonnegative(),
		output: z.number().int().nonnegative(),
		cached: z.number().int().nonnegative().optional(),
		cacheWrite: z.number().int().nonnegative().optional(),
	})
	.strict();

export const replySchema = z
	.object({
		text: z.string().optional(),
		toolCalls: z.array(toolCallSchema).optional(),
		/** Structured answer (raw JSON text, possibly invalid): the forced tool's arguments if the request forces one, else text. */
		object: z.string().optional(),
		stopReason: z.enum(['stop', 'tool-calls', 'length']).optional(),
		usage: usageSchema.optional(),
		/** Characters per streamed piece of text or tool arguments (default 8). */
		chunkSize: z.number().int().positive().optional(),
		/** Pause between streamed pieces. */
		pieceDelayMs: z.number().int().nonnegative().optional(),
	})
	.strict();

export const expectationSchema = z
	.object({
		model: z.string().optional(),
		stream: z.boolean().optional(),
		systemContains: z.string().optional(),
		lastUserContains: z.string().optional(),
		/** Text of the last message (a user message or a tool result). */
		lastMessageContains: z.string().optional(),
		lastMessageRole: z.enum(['user', 'assistant', 'tool']).optional(),
		/** Tool results after the last assistant message, in order. */
		toolResults: z.array(z.object({ id: z.string(), contains: z.string().optional(), isError: z.boolean().optional() }).strict()).optional(),
		/** Names of the tools offered, in order. */
		tools: z.array(z.string()).optional(),
		/** `auto`, `none`, `required`, a tool name, or `unset`. */
		toolChoice: z.string().optional(),
		jsonMode: z.boolean().optional(),
		messageCount: z.number().int().nonnegative().optional(),
		/** Header values that must be present exactly (names in any case). */
		headers: z.record(z.string(), z.string()).optional(),
		absentHeaders: z.array(z.string()).optional(),
		/** Anthropic: cache_control on the system prompt / on a message block. */
		systemCached: z.boolean().optional(),
		messageBlockCached: z.boolean().optional(),
	})
	.strict();

export const errorSchema = z
	.object({
		status: z.number().int().min(400).max(599),
		message: z.string().optional(),
		code: z.string().optional(),
		/** Sent verbatim as `retry-after` (seconds or an HTTP date). */
		retryAfter: z.string().optional(),
		/** `context-overflow` renders each provider's own context-length error; `auth` echoes the key the client sent, as real providers do. */
		kind: z.enum(['context-overflow', 'auth']).optional(),
	})
	.strict();

export const stepSchema = z
	.object({
		expect: expectationSchema.optional(),
		/** Wait this long before answering (a slow answer). */
		delayMs: z.number().int().nonnegative().optional(),
		error: errorSchema.optional(),
		reply: replySchema.optional(),
		/** Streaming: destroy the socket after this many pieces of the reply were sent. */
		cutAfterPieces: z.number().int().nonnegative().optional(),
		/** Send this many pieces, then nothing more, keeping the socket open until the client closes it. */
		hangAfterPieces: z.number().int().nonnegative().optional(),
		note: z.string().optional(),
	})
	.strict()
	.refine((s) => s.error !== undefined || s.reply !== undefined || s.hangAfterPieces !== undefined, 'a step needs a reply, an error or hangAfterPieces');

export const scriptFileSchema = z.object({ name: z.string(), description: z.string().optional(), steps: z.array(stepSchema).min(1) }).strict();

export type ScriptToolCall = z.infer<typeof toolCallSchema>;
export type ScriptUsage = z.infer<typeof usageSchema>;
export type Reply = z.infer<typeof replySchema>;
export type Expectation = z.infer<typeof expectationSchema>;
export type ScriptError = z.infer<typeof errorSchema>;
export type Step = z.infer<typeof stepSchema>;
export type ScriptFile = z.infer<typeof scriptFileSchema>;

export function parseScript(value: unknown, source = 'script'): ScriptFile {
	const result = scriptFileSchema.safeParse(value);
	if (!result.success) {
		throw new Error(`${source}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
	}
	return result.data;
}

export function loadScript(path: string): ScriptFile {
	return parseScript(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}
