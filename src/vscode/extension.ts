import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerAgentCommands } from './agent/agentCommands';
import { registerChatParticipant } from './chatParticipant';
import { ChatViewProvider } from './chatViewProvider';
import { registerCommands } from './commands';
import { createLanguageClient } from './languageClient';
import { hasApiKey } from './llmLoader';
import { registerThreatCommands } from './threatCommands';
import { registerTraceCanvas } from './canvasLoader';

let client: LanguageClient | undefined;

/** What the extension exports to other extensions and to its extension-host tests. */
export interface RampartApi {
	/** Whether SecretStorage holds a key for the profile (the key itself is never exported). */
	hasApiKey(profileId: string): Promise<boolean>;
}

/** Entry point: wires the language client, the chat view and the commands. Never blocks on the server. */
export function activate(context: vscode.ExtensionContext): RampartApi {
	const chat = new ChatViewProvider(context);
	context.subscriptions.push(chat, vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, chat));
	registerTraceCanvas(context);
	client = createLanguageClient(context);
	registerCommands(context, client, chat);
	registerAgentCommands(context);
	registerThreatCommands(context, client, (prompt) => chat.ask(prompt));
	context.subscriptions.push(registerChatParticipant(context) ?? new vscode.Disposable(() => undefined));
	client.start().catch((error: unknown) => {
		void vscode.window.showErrorMessage(`Rampart: the language server failed to start: ${String(error)}`);
	});
	return { hasApiKey: (profileId) => hasApiKey(context.secrets, profileId) };
}

export async function deactivate(): Promise<void> {
	await client?.stop();
	client = undefined;
}
