// Anthropic Messages wire format: SSE with `event:` lines in the real order (message_start,
// content_block_start / delta / stop, message_delta with usage, message_stop), full messages, errors.
import type { Frame } from './openAiWire';
import type { ResolvedReply } from './reply';
import type { ScriptError } from './script';

const stopReason = { stop: 'end_turn', 'tool-calls': 'tool_use', length: 'max_tokens' } as const;

const event = (type: string, data: Record<string, unknown>, content = false): Frame => ({ data: `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`, content });

function usage(reply: ResolvedReply): Record<string, number> {
	return {
		input_tokens: reply.usage.input - reply.usage.cached - reply.usage.cacheWrite,
		cache_read_input_tokens: reply.usage.cached,
		cache_creation_input_tokens: reply.usage.cacheWrite,
		output_tokens: reply.usage.output,
	};
}

function parseInput(args: string): unknown {
	try {
		return JSON.parse(args) as unknown;
	} catch {
		return {};
	}
}

export function anthropicStreamFrames(reply: ResolvedReply, model: string, id: string): Frame[] {
	const start = { ...usage(reply), output_tokens: 1 };
	const frames: Frame[] = [
		event('message_start', { message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: start } }),
		event('ping', {}),
	];
	let block = -1;
	let open: 'text' | 'tool' | undefined;
	const close = () => {
		if (open !== undefined) {
			frames.push(event('content_block_stop', { index: block }));
			open = undefined;
		}
	};
	for (const piece of reply.pieces) {
		if (piece.kind === 'text') {
			if (open !== 'text') {
				close();
				block++;
				open = 'text';
				frames.push(event('content_block_start', { index: block, content_block: { type: 'text', text: '' } }));
			}
			frames.push(event('content_block_delta', { index: block, delta: { type: 'text_delta', text: piece.text } }, true));
		} else if (piece.kind === 'tool-start') {
			close();
			block++;
			open = 'tool';
			frames.push(event('content_block_start', { index: block, content_block: { type: 'tool_use', id: piece.id, name: piece.name, input: {} } }, true));
		} else {
			frames.push(event('content_block_delta', { index: block, delta: { type: 'input_json_delta', partial_json: piece.text } }, true));
		}
	}
	close();
	frames.push(event('message_delta', { delta: { stop_reason: stopReason[reply.stopReason], stop_sequence: null }, usage: { output_tokens: reply.usage.output } }));
	frames.push(event('message_stop', {}));
	return frames;
}

export function anthropicResponse(reply: ResolvedReply, model: string, id: string): Record<string, unknown> {
	const content: Array<Record<string, unknown>> = [];
	if (reply.text !== '') {
		content.push({ type: 'text', text: reply.text });
	}
	for (const call of reply.toolCalls) {
		content.push({ type: 'tool_use', id: call.id, name: call.name, input: parseInput(call.arguments) });
	}
	return { id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason[reply.stopReason], stop_sequence: null, usage: usage(reply) };
}

export function anthropicError(error: ScriptError): Record<string, unknown> {
	if (error.kind === 'context-overflow') {
		return { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' } };
	}
	const type = error.status === 429 ? 'rate_limit_error' : error.status === 529 ? 'overloaded_error' : error.status >= 500 ? 'api_error' : error.status === 401 ? 'authentication_error' : 'invalid_request_error';
	return { type: 'error', error: { type, message: error.message ?? `Scripted error ${error.status}` } };
}
