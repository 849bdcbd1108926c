// Reads an OpenAI or Anthropic request body into one neutral view, and checks a step's expectations on it.
import type { Expectation } from './script';

export type WireApi = 'openai' | 'anthropic';

export interface NormalizedMessage {
	role: 'user' | 'assistant' | 'tool';
	text: string;
	toolCalls?: Array<{ id: string; name: string; arguments: string }>;
	toolCallId?: string;
	isError?: boolean;
}

export interface NormalizedRequest {
	api: WireApi;
	model: string;
	stream: boolean;
	system: string;
	messages: NormalizedMessage[];
	tools: string[];
	/** `auto`, `none`, `required`, a tool name, or undefined when unset. */
	toolChoice?: string;
	jsonMode: boolean;
	includeUsage: boolean;
	systemCached: boolean;
	messageBlockCached: boolean;
	headers: Record<string, string>;
}

type Json = Record<string, unknown>;

const asArray = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const asString = (v: unknown): string => (typeof v === 'string' ? v : '');

function textOf(content: unknown): string {
	if (typeof content === 'string') {
		return content;
	}
	return asArray(content)
		.map((part) => (part.type === 'text' ? asString(part.text) : ''))
		.join('');
}

function normalizeOpenAi(body: Json): Omit<NormalizedRequest, 'headers'> {
	const system: string[] = [];
	const messages: NormalizedMessage[] = [];
	for (const m of asArray(body.messages)) {
		const role = asString(m.role);
		if (role === 'system' || role === 'developer') {
			system.push(textOf(m.content));
		} else if (role === 'tool') {
			messages.push({ role: 'tool', text: textOf(m.content), toolCallId: asString(m.tool_call_id) });
		} else if (role === 'assistant') {
			const calls = asArray(m.tool_calls).map((c) => {
				const fn = (c.function ?? {}) as Json;
				return { id: asString(c.id), name: asString(fn.name), arguments: asString(fn.arguments) };
			});
			messages.push({ role: 'assistant', text: textOf(m.content), ...(calls.length > 0 ? { toolCalls: calls } : {}) });
		} else {
			messages.push({ role: 'user', text: textOf(m.content) });
		}
	}
	const choice = body.tool_choice;
	const toolChoice = typeof choice === 'string' ? choice : choice && typeof choice === 'object' ? asString(((choice as Json).function as Json | undefined)?.name) : undefined;
	return {
		api: 'openai',
		model: asString(body.model),
		stream: body.stream === true,
		system: system.join('\n'),
		messages,
		tools: asArray(body.tools).map((t) => asString(((t.function ?? {}) as Json).name)),
		toolChoice,
		jsonMode: body.response_format !== undefined && (body.response_format as Json).type !== 'text',
		includeUsage: ((body.stream_options ?? {}) as Json).include_usage === true,
		systemCached: false,
		messageBlockCached: false,
	};
}

function normalizeAnthropic(body: Json): Omit<NormalizedRequest, 'headers'> {
	const systemBlocks = typeof body.system === 'string' ? [{ type: 'text', text: body.system }] : asArray(body.system);
	const messages: NormalizedMessage[] = [];
	let messageBlockCached = false;
	for (const m of asArray(body.messages)) {
		const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content } as Json] : asArray(m.content);
		messageBlockCached ||= blocks.some((b) => b.cache_control !== undefined);
		if (m.role === 'assistant') {
			const calls = blocks.filter((b) => b.type === 'tool_use').map((b) => ({ id: asString(b.id), name: asString(b.name), arguments: JSON.stringify(b.input ?? {}) }));
			messages.push({ role: 'assistant', text: textOf(blocks), ...(calls.length > 0 ? { toolCalls: calls } : {}) });
			continue;
		}
		for (const block of blocks) {
			if (block.type === 'tool_result') {
				messages.push({ role: 'tool', text: textOf(block.content), toolCallId: asString(block.tool_use_id), isError: block.is_error === true });
			}
		}
		const text = textOf(blocks);
		if (blocks.some((b) => b.type === 'text')) {
			messages.push({ role: 'user', text });
		}
	}
	const choice = (body.tool_choice ?? undefined) as Json | undefined;
	const toolChoice = choice === undefined ? undefined : choice.type === 'tool' ? asString(choice.name) : choice.type === 'any' ? 'required' : asString(choice.type);
	return {
		api: 'anthropic',
		model: asString(body.model),
		stream: body.stream === true,
		system: systemBlocks.map((b) => asString(b.text)).join('\n'),
		messages,
		tools: asArray(body.tools).map((t) => asString(t.name)),
		toolChoice,
		jsonMode: body.output_config !== undefined,
		includeUsage: true,
		systemCached: systemBlocks.some((b) => b.cache_control !== undefined),
		messageBlockCached,
	};
}

export function normalizeRequest(api: WireApi, body: Json, headers: Record<string, string>): NormalizedRequest {
	return { ...(api === 'openai' ? normalizeOpenAi(body) : normalizeAnthropic(body)), headers };
}

/** Every way the request differs from the expectation (empty when it matches). */
export function checkExpectation(request: NormalizedRequest, expect: Expectation | undefined): string[] {
	if (!expect) {
		return [];
	}
	const problems: string[] = [];
	const check = (ok: boolean, what: string) => {
		if (!ok) {
			problems.push(what);
		}
	};
	const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
	const lastAssistant = request.messages.map((m) => m.role).lastIndexOf('assistant');
	const results = request.messages.slice(lastAssistant + 1).filter((m) => m.role === 'tool');
	const rules: Array<[unknown, () => boolean, () => string]> = [
		[expect.model, () => request.model === expect.model, () => `model is "${request.model}", expected "${expect.model}"`],
		[expect.stream, () => request.stream === expect.stream, () => `stream is ${request.stream}`],
		[expect.systemContains, () => request.system.includes(expect.systemContains ?? ''), () => `system prompt lacks "${expect.systemContains}"`],
		[expect.lastUserContains, () => lastUser?.text.includes(expect.lastUserContains ?? '') ?? false, () => `last user message lacks "${expect.lastUserContains}": ${JSON.stringify(lastUser?.text.slice(0, 200))}`],
		[expect.lastMessageContains, () => request.messages.at(-1)?.text.includes(expect.lastMessageContains ?? '') ?? false, () => `last message lacks "${expect.lastMessageContains}": ${JSON.stringify(request.messages.at(-1)?.text.slice(0, 300))}`],
		[expect.lastMessageRole, () => request.messages.at(-1)?.role === expect.lastMessageRole, () => `last message role is ${request.messages.at(-1)?.role}`],
		[expect.messageCount, () => request.messages.length === expect.messageCount, () => `${request.messages.length} messages, expected ${expect.messageCount}`],
		[expect.tools, () => JSON.stringify(request.tools) === JSON.stringify(expect.tools), () => `tools are ${JSON.stringify(request.tools)}`],
		[expect.toolChoice, () => (request.toolChoice ?? 'unset') === expect.toolChoice, () => `tool choice is ${request.toolChoice ?? 'unset'}`],
		[expect.jsonMode, () => request.jsonMode === expect.jsonMode, () => `jsonMode is ${request.jsonMode}`],
		[expect.systemCached, () => request.systemCached === expect.systemCached, () => `systemCached is ${request.systemCached}`],
		[expect.messageBlockCached, () => request.messageBlockCached === expect.messageBlockCached, () => `messageBlockCached is ${request.messageBlockCached}`],
	];
	for (const [wanted, ok, message] of rules) {
		if (wanted !== undefined) {
			check(ok(), message());
		}
	}
	if (expect.toolResults !== undefined) {
		check(results.length === expect.toolResults.length, `${results.length} tool results, expected ${expect.toolResults.length}`);
		expect.toolResults.forEach((want, i) => {
			const got = results[i];
			check(got?.toolCallId === want.id, `tool result ${i} answers ${got?.toolCallId}, expected ${want.id}`);
			if (want.contains !== undefined) {
				check(got?.text.includes(want.contains) ?? false, `tool result ${i} lacks "${want.contains}": ${JSON.stringify(got?.text.slice(0, 200))}`);
			}
			if (want.isError !== undefined && request.api === 'anthropic') {
				check(got?.isError === want.isError, `tool result ${i} isError is ${got?.isError}`);
			}
		});
	}
	for (const [name, value] of Object.entries(expect.headers ?? {})) {
		check(request.headers[name.toLowerCase()] === value, `header ${name} is ${request.headers[name.toLowerCase()] === undefined ? 'absent' : 'different'}`);
	}
	for (const name of expect.absentHeaders ?? []) {
		check(request.headers[name.toLowerCase()] === undefined, `header ${name} is present`);
	}
	return problems;
}
