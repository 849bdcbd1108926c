// OpenAI Chat Completions wire format: SSE chunks (`data:` lines, `[DONE]`), full responses, errors.
import type { ResolvedReply } from './reply';
import type { ScriptError } from './script';

/** One SSE frame; `content` frames are the ones cut/hang faults count. */
export interface Frame {
	data: string;
	content: boolean;
}

const finishReason = { stop: 'stop', 'tool-calls': 'tool_calls', length: 'length' } as const;

export function openAiUsage(reply: ResolvedReply): Record<string, unknown> {
	return {
		prompt_tokens: reply.usage.input,
		completion_tokens: reply.usage.output,
		total_tokens: reply.usage.input + reply.usage.output,
		prompt_tokens_details: { cached_tokens: reply.usage.cached },
	};
}

export function openAiStreamFrames(reply: ResolvedReply, model: string, id: string, includeUsage: boolean): Frame[] {
	const created = 1_700_000_000;
	const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
		data: `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`,
		content: false,
	});
	const frames: Frame[] = [chunk({ role: 'assistant', content: '' })];
	for (const piece of reply.pieces) {
		const frame =
			piece.kind === 'text'
				? chunk({ content: piece.text })
				: piece.kind === 'tool-start'
					? chunk({ tool_calls: [{ index: piece.index, id: piece.id, type: 'function', function: { name: piece.name, arguments: '' } }] })
					: chunk({ tool_calls: [{ index: piece.index, function: { arguments: piece.text } }] });
		frames.push({ ...frame, content: true });
	}
	frames.push(chunk({}, finishReason[reply.stopReason]));
	if (includeUsage) {
		frames.push({ data: `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: openAiUsage(reply) })}\n\n`, content: false });
	}
	frames.push({ data: 'data: [DONE]\n\n', content: false });
	return frames;
}

export function openAiResponse(reply: ResolvedReply, model: string, id: string): Record<string, unknown> {
	const message: Record<string, unknown> = { role: 'assistant', content: reply.text === '' && reply.toolCalls.length > 0 ? null : reply.text, refusal: null };
	if (reply.toolCalls.length > 0) {
		message.tool_calls = reply.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
	}
	return {
		id,
		object: 'chat.completion',
		created: 1_700_000_000,
		model,
		choices: [{ index: 0, message, finish_reason: finishReason[reply.stopReason], logprobs: null }],
		usage: openAiUsage(reply),
	};
}

export function openAiError(error: ScriptError): Record<string, unknown> {
	if (error.kind === 'context-overflow') {
		return { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } };
	}
	const type = error.status === 429 ? 'rate_limit_exceeded' : error.status >= 500 ? 'server_error' : error.status === 401 ? 'invalid_request_error' : 'invalid_request_error';
	return { error: { message: error.message ?? `Scripted error ${error.status}`, type, param: null, code: error.code ?? (error.status === 429 ? 'rate_limit_exceeded' : null) } };
}
