import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
	AskToAddProtectionCommand,
	type AskToAddProtectionArgs,
	MarkThreatMitigatedCommand,
	type MarkThreatMitigatedArgs,
	MarkThreatMitigatedRequest,
} from '../../language-server/src/protocol/customMessages';

/** The prompt handed to the chat agent for "Ask Rampart to add this protection". */
export function protectionPrompt(args: AskToAddProtectionArgs): string {
	return [
		`Add the missing protection for threat ${args.threatId}${args.cwe ? ` (${args.cwe})` : ''}: ${args.title}.`,
		`Required protection: ${args.protection}.`,
		`Where: ${args.file}, function ${args.function}.`,
		`What Rampart found: ${args.finding}`,
		'Change only what the protection needs, keep the behaviour otherwise, and explain the change.',
	].join('\n');
}

/**
 * Registers the client side of the threat code actions: "Mark mitigated with justification" (asks for
 * the reason, then the server writes a new store version) and "Ask Rampart to add this protection"
 * (hands the threat to the chat agent through `askAgent`).
 */
export function registerThreatCommands(context: vscode.ExtensionContext, client: LanguageClient, askAgent: (prompt: string) => void | Promise<void>): void {
	context.subscriptions.push(
		vscode.commands.registerCommand(MarkThreatMitigatedCommand, async (args: MarkThreatMitigatedArgs) => {
			const justification = await vscode.window.showInputBox({
				title: `Mark ${args.threatId} mitigated`,
				prompt: `Why is "${args.title}" mitigated? The justification is stored with the threat model.`,
				ignoreFocusOut: true,
				validateInput: (value) => (value.trim().length < 10 ? 'Write at least a short sentence (10 characters).' : undefined),
			});
			if (justification === undefined) {
				return;
			}
			try {
				const result = await client.sendRequest(MarkThreatMitigatedRequest.type, { threatId: args.threatId, justification });
				if (result.ok) {
					void vscode.window.showInformationMessage(`Rampart: ${result.message}`);
				} else {
					void vscode.window.showWarningMessage(`Rampart: ${result.message}`);
				}
			} catch (error) {
				void vscode.window.showErrorMessage(`Rampart: could not record the justification: ${String(error)}`);
			}
		}),
		vscode.commands.registerCommand(AskToAddProtectionCommand, async (args: AskToAddProtectionArgs) => {
			await vscode.commands.executeCommand('rampart.chat.focus');
			await askAgent(protectionPrompt(args));
		}),
	);
}
