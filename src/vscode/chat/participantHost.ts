// The LLM-bundle side of the `@rampart` chat participant: VS Code's chat request becomes one
// analyst turn (src/core/chat/participantTurn.ts) on the first workspace folder, with the active
// provider profile, the analyst's tools, and the chat's earlier turns as history.
import * as vscode from 'vscode';
import { AnalysisSession } from '../../core/analyst/analysisSession';
import { answerParticipantTurn } from '../../core/chat/participantTurn';
import { AnalysisStore } from '../../core/store/analysisStore';
import { policyFromSettings } from '../agent/agentTask';
import { activeChatModel, analystToolContext } from './chatHost';

/** Earlier turns of this chat as text: the prompts, and the Markdown of the answers. */
function historyOf(context: vscode.ChatContext): Array<{ role: 'user' | 'assistant'; text: string }> {
	return context.history.map((turn) =>
		turn instanceof vscode.ChatRequestTurn
			? { role: 'user' as const, text: turn.prompt }
			: { role: 'assistant' as const, text: turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join('') },
	);
}

export async function answerChatParticipant(
	request: vscode.ChatRequest,
	context: vscode.ChatContext,
	stream: vscode.ChatResponseStream,
	token: vscode.CancellationToken,
	secrets: vscode.SecretStorage,
	log: vscode.LogOutputChannel,
): Promise<vscode.ChatResult> {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder || folder.uri.scheme !== 'file') {
		stream.markdown('Open a folder first: the Security Analyst works on a workspace folder.');
		return {};
	}
	const controller = new AbortController();
	const cancelled = token.onCancellationRequested(() => controller.abort());
	try {
		const outcome = await answerParticipantTurn({
			analysis: new AnalysisSession(AnalysisStore.forWorkspace(folder.uri.fsPath)),
			model: await activeChatModel(secrets, log),
			context: await analystToolContext(folder),
			policy: policyFromSettings(folder.uri),
			history: historyOf(context),
			prompt: request.prompt,
			stream: { markdown: (text) => stream.markdown(text), progress: (text) => stream.progress(text) },
			signal: controller.signal,
		});
		return { metadata: { status: outcome.status, steps: outcome.steps } };
	} catch (error) {
		return { errorDetails: { message: `The analyst could not answer: ${error instanceof Error ? error.message : String(error)}` } };
	} finally {
		cancelled.dispose();
	}
}
