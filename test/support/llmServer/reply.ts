// Turns a script step's reply into what both wire formats render: text, tool calls, stop reason,
// usage, and the streamed pieces (text split into chunks, each tool call's arguments too).
import type { NormalizedRequest } from './normalize';
import type { Reply, ScriptToolCall } from './script';

export interface ResolvedUsage {
	input: number;
	output: number;
	cached: number;
	cacheWrite: number;
}

export type Piece =
	| { kind: 'text'; text: string }
	| { kind: 'tool-start'; index: number; id: string; name: string }
	| { kind: 'tool-args'; index: number; text: string };

export interface ResolvedReply {
	text: string;
	toolCalls: ScriptToolCall[];
	stopReason: 'stop' | 'tool-calls' | 'length';
	usage: ResolvedUsage;
	pieces: Piece[];
	pieceDelayMs: number;
}

export function split(text: string, size: number): string[] {
	const out: string[] = [];
	for (let i = 0; i < text.length; i += size) {
		out.push(text.slice(i, i + size));
	}
	return out;
}

const forcedTool = (request: NormalizedRequest): string | undefined =>
	request.toolChoice !== undefined && !['auto', 'none', 'required'].includes(request.toolChoice) && request.tools.includes(request.toolChoice) ? request.toolChoice : undefined;

export function resolveReply(reply: Reply, request: NormalizedRequest, sequence: number): ResolvedReply {
	let text = reply.text ?? '';
	const toolCalls = [...(reply.toolCalls ?? [])];
	if (reply.object !== undefined) {
		const tool = forcedTool(request);
		if (tool) {
			toolCalls.push({ id: `call_obj_${sequence}`, name: tool, arguments: reply.object });
		} else {
			text += reply.object;
		}
	}
	const size = reply.chunkSize ?? 8;
	const pieces: Piece[] = split(text, size).map((t) => ({ kind: 'text', text: t }));
	toolCalls.forEach((call, index) => {
		pieces.push({ kind: 'tool-start', index, id: call.id, name: call.name });
		for (const part of split(call.arguments, size)) {
			pieces.push({ kind: 'tool-args', index, text: part });
		}
	});
	const promptChars = request.system.length + JSON.stringify(request.messages).length;
	const outputChars = text.length + toolCalls.reduce((n, c) => n + c.name.length + c.arguments.length, 0);
	const usage: ResolvedUsage = {
		input: reply.usage?.input ?? Math.ceil(promptChars / 4),
		output: reply.usage?.output ?? Math.max(1, Math.ceil(outputChars / 4)),
		cached: reply.usage?.cached ?? 0,
		cacheWrite: reply.usage?.cacheWrite ?? 0,
	};
	return {
		text,
		toolCalls,
		stopReason: reply.stopReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
		usage,
		pieces,
		pieceDelayMs: reply.pieceDelayMs ?? 0,
	};
}
