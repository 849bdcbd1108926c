// `@rampart` in VS Code's own Chat view, when the host has the Chat API (VS Code with chat; not
// code-server, which ships no chat UI): the same Security Analyst and tools as the Rampart view,
// loaded from the LLM bundle on the first request. Without the API this registers nothing.
import * as vscode from 'vscode';
import { loadLlmRuntime } from './llmLoader';

export const chatParticipantId = 'rampart.analyst';

interface ChatApi {
	createChatParticipant(id: string, handler: vscode.ChatRequestHandler): vscode.ChatParticipant;
}

/** The Chat API if this host has it (feature detection, not a version check). */
function chatApi(): ChatApi | undefined {
	const api = (vscode as { chat?: Partial<ChatApi> }).chat;
	return typeof api?.createChatParticipant === 'function' ? (api as ChatApi) : undefined;
}

export function registerChatParticipant(context: vscode.ExtensionContext): vscode.Disposable | undefined {
	const api = chatApi();
	if (!api) {
		return undefined;
	}
	let log: vscode.LogOutputChannel | undefined;
	try {
		const participant = api.createChatParticipant(chatParticipantId, (request, chatContext, stream, token) => {
			log ??= vscode.window.createOutputChannel('Rampart Chat Participant', { log: true });
			return loadLlmRuntime().answerChatParticipant(request, chatContext, stream, token, context.secrets, log);
		});
		participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'rampart.svg');
		return vscode.Disposable.from(participant, { dispose: () => log?.dispose() });
	} catch {
		return undefined; // The API exists but refused (e.g. the participant is not declared): no participant.
	}
}
