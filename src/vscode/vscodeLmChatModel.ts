import * as vscode from 'vscode';
import { ProviderError, StreamingChatModel } from '../core/llm';
import type { CallOptions, ChatEvent, ChatMessage, ChatRequest, ModelInfo, ProviderProfile } from '../core/llm';

/**
 * VS Code's Language Model API behind the ChatModel port: a profile of kind `vscode-lm` names a
 * model family (or id) that another extension provides. The AbortSignal cancels the request.
 */
export class VscodeLmChatModel extends StreamingChatModel {
	readonly info: ModelInfo;

	constructor(profile: ProviderProfile) {
		super();
		this.info = { profileId: profile.id, kind: 'vscode-lm', model: profile.model, structuredOutput: 'prompt' };
	}

	async *stream(request: ChatRequest, options: CallOptions = {}): AsyncIterable<ChatEvent> {
		const model = await this.select();
		const cancel = new vscode.CancellationTokenSource();
		const onAbort = () => cancel.cancel();
		options.signal?.addEventListener('abort', onAbort, { once: true });
		try {
			const response = await model.sendRequest(
				toLmMessages(request.messages),
				{
					tools: request.tools?.map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters })),
					toolMode: request.toolChoice === 'required' || typeof request.toolChoice === 'object' ? vscode.LanguageModelChatToolMode.Required : vscode.LanguageModelChatToolMode.Auto,
				},
				cancel.token,
			);
			let index = 0;
			let calledTools = false;
			for await (const part of response.stream) {
				if (part instanceof vscode.LanguageModelTextPart) {
					yield { type: 'text-delta', text: part.value };
				} else if (part instanceof vscode.LanguageModelToolCallPart) {
					calledTools = true;
					yield { type: 'tool-call', index: index++, call: { id: part.callId, name: part.name, arguments: JSON.stringify(part.input) } };
				}
			}
			yield { type: 'finish', stopReason: calledTools ? 'tool-calls' : 'stop' };
		} catch (error) {
			throw toProviderError(error, options.signal);
		} finally {
			options.signal?.removeEventListener('abort', onAbort);
			cancel.dispose();
		}
	}

	private async select(): Promise<vscode.LanguageModelChat> {
		const byFamily = await vscode.lm.selectChatModels({ family: this.info.model });
		const models = byFamily.length > 0 ? byFamily : await vscode.lm.selectChatModels({ id: this.info.model });
		const model = models[0];
		if (!model) {
			throw new ProviderError('bad-request', `No VS Code language model "${this.info.model}" is available. Install or sign in to a chat extension, or pick another profile with "Rampart: Select Model".`);
		}
		return model;
	}
}

function toLmMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
	return messages.map((m) => {
		switch (m.role) {
			case 'system':
				// The LM API has no system role: the instructions travel as the first user turn.
				return vscode.LanguageModelChatMessage.User(m.content);
			case 'user':
				return vscode.LanguageModelChatMessage.User(m.content);
			case 'assistant': {
				const parts: Array<vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart> = [];
				if (m.content) {
					parts.push(new vscode.LanguageModelTextPart(m.content));
				}
				for (const call of m.toolCalls ?? []) {
					parts.push(new vscode.LanguageModelToolCallPart(call.id, call.name, parseObject(call.arguments)));
				}
				return vscode.LanguageModelChatMessage.Assistant(parts);
			}
			case 'tool':
				return vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(m.toolCallId, [new vscode.LanguageModelTextPart(m.content)])]);
		}
	});
}

function parseObject(text: string): object {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null ? value : {};
	} catch {
		return {};
	}
}

function toProviderError(error: unknown, signal: AbortSignal | undefined): ProviderError {
	if (error instanceof ProviderError) {
		return error;
	}
	if (signal?.aborted || error instanceof vscode.CancellationError) {
		return new ProviderError('aborted', 'The request was cancelled.');
	}
	if (error instanceof vscode.LanguageModelError) {
		const kind = error.code === vscode.LanguageModelError.NoPermissions().code ? 'auth' : error.code === vscode.LanguageModelError.Blocked().code ? 'rate-limit' : 'bad-request';
		return new ProviderError(kind, `VS Code language model: ${error.message}`);
	}
	return new ProviderError('network', `VS Code language model failed: ${String(error)}`);
}
