// Tool definitions from zod schemas, and parsing of the arguments a model sent.
import { z } from 'zod';
import type { JsonSchema, ToolCall, ToolDefinition } from './types';

/** zod → JSON Schema in the dialect providers accept (no `$schema`, draft 2020-12 keywords). */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
	const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
	const { $schema: _ignored, ...rest } = json;
	return rest;
}

export interface TypedTool<T> extends ToolDefinition {
	schema: z.ZodType<T>;
}

export function defineTool<T>(tool: { name: string; description: string; schema: z.ZodType<T> }): TypedTool<T> {
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(tool.name)) {
		throw new Error(`Invalid tool name "${tool.name}": use 1–64 letters, digits, _ or -.`);
	}
	return { name: tool.name, description: tool.description, schema: tool.schema, parameters: toJsonSchema(tool.schema) };
}

export type ParsedArguments<T> = { ok: true; value: T } | { ok: false; error: string };

/** Formats zod issues as `path: message` lines, the form models repair best from. */
export function formatIssues(error: z.ZodError): string[] {
	return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

/**
 * Parses and validates one call's arguments. On failure the error text is meant to be sent back to
 * the model as the tool result, so it can repair the call in its next turn.
 */
export function parseToolArguments<T>(tool: TypedTool<T>, call: ToolCall): ParsedArguments<T> {
	let raw: unknown;
	try {
		raw = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
	} catch (error) {
		return { ok: false, error: `The arguments of ${call.name} are not valid JSON (${(error as Error).message}). Send the call again with a valid JSON object.` };
	}
	const result = tool.schema.safeParse(raw);
	if (!result.success) {
		return { ok: false, error: `The arguments of ${call.name} do not match its schema:\n${formatIssues(result.error).join('\n')}` };
	}
	return { ok: true, value: result.data };
}
