// A ChatModel that reports its streamed text as it arrives (for the chat view) while callers keep
// using `complete()`: the response is folded from the same stream, so nothing is requested twice.
import { collectResponse } from './collect';
import type { CallOptions, ChatEvent, ChatModel, ChatRequest, ChatResponse } from './types';

export interface StreamObserver {
	/** A new model call starts (one per `complete`). */
	start?(): void;
	text(delta: string): void;
	/** The call ended, normally or not. */
	end?(): void;
}

export function observeChatModel(model: ChatModel, observer: StreamObserver): ChatModel {
	async function* tap(events: AsyncIterable<ChatEvent>): AsyncGenerator<ChatEvent> {
		observer.start?.();
		try {
			for await (const event of events) {
				if (event.type === 'text-delta' && event.text) {
					observer.text(event.text);
				}
				yield event;
			}
		} finally {
			observer.end?.();
		}
	}
	return {
		info: model.info,
		stream: (request: ChatRequest, options?: CallOptions) => tap(model.stream(request, options)),
		complete: (request: ChatRequest, options?: CallOptions): Promise<ChatResponse> => collectResponse(tap(model.stream(request, options)), model.info.model),
	};
}
