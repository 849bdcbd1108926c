// `complete()` built on `stream()`: folds a stream of ChatEvents into one ChatResponse.
import type { CallOptions, ChatEvent, ChatModel, ChatRequest, ChatResponse, ModelInfo, StopReason, ToolCall } from './types';
import { addUsage, emptyUsage } from './types';

export async function collectResponse(events: AsyncIterable<ChatEvent>, model: string): Promise<ChatResponse> {
	let text = '';
	const calls = new Map<number, ToolCall>();
	let usage = emptyUsage();
	let stopReason: StopReason = 'other';
	let reportedModel = model;
	for await (const event of events) {
		switch (event.type) {
			case 'text-delta':
				text += event.text;
				break;
			case 'tool-call':
				calls.set(event.index, event.call);
				break;
			case 'usage':
				usage = addUsage(usage, event.usage);
				reportedModel = event.model || reportedModel;
				break;
			case 'finish':
				stopReason = event.stopReason;
				break;
			case 'tool-call-delta':
				break;
		}
	}
	const toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call);
	return { text, toolCalls, stopReason, usage, model: reportedModel };
}

/** Base for adapters: implement `stream`, get `complete` for free. */
export abstract class StreamingChatModel implements ChatModel {
	abstract readonly info: ModelInfo;
	abstract stream(request: ChatRequest, options?: CallOptions): AsyncIterable<ChatEvent>;

	complete(request: ChatRequest, options?: CallOptions): Promise<ChatResponse> {
		return collectResponse(this.stream(request, options), this.info.model);
	}
}
