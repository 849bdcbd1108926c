// A prompt variant for the arena: the same model with extra instructions added to the system
// message of every request, so two contestants can differ only in how they are asked.
import type { CallOptions, ChatEvent, ChatModel, ChatRequest, ChatResponse, ModelInfo } from '../llm/types';

export class PromptVariantModel implements ChatModel {
	constructor(
		private readonly inner: ChatModel,
		private readonly instructions: string,
	) {}

	get info(): ModelInfo {
		return this.inner.info;
	}

	private vary(request: ChatRequest): ChatRequest {
		const [first, ...rest] = request.messages;
		const messages =
			first?.role === 'system' ? [{ ...first, content: `${first.content}\n\n${this.instructions}` }, ...rest] : [{ role: 'system' as const, content: this.instructions }, ...request.messages];
		return { ...request, messages };
	}

	stream(request: ChatRequest, options?: CallOptions): AsyncIterable<ChatEvent> {
		return this.inner.stream(this.vary(request), options);
	}

	complete(request: ChatRequest, options?: CallOptions): Promise<ChatResponse> {
		return this.inner.complete(this.vary(request), options);
	}
}
