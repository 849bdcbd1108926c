// The chat view's agent side, in the lazily loaded LLM bundle: one ChatSession per view over the
// first workspace folder, with the active provider profile, the VS Code workspace port, the
// workspace's analysis store and its stored conversations.
import * as vscode from 'vscode';
import { Confinement } from '../../core/agent/confinement';
import { AnalysisSession } from '../../core/analyst/analysisSession';
import { ChatSession } from '../../core/chat/chatSession';
import { ConversationStore } from '../../core/conversations/conversationStore';
import type { HostToChatMessage } from '../../core/protocol/chatMessages';
import { AnalysisStore } from '../../core/store/analysisStore';
import { SecurityEngine } from '../../../language-server/src/engine/securityEngine';
import { policyFromSettings } from '../agent/agentTask';
import { VscodeWorkspace } from '../agent/vscodeWorkspace';
import { activeProfile, chatModelFor, profileReady } from '../llmRuntime';

let engine: Promise<SecurityEngine> | undefined;

export interface ChatHost {
	open(conversationId?: string): Promise<void>;
	send(text: string): Promise<void>;
	cancel(): void;
	decide(approvalId: string, changeHash: string, approved: boolean): boolean;
}

/** Undefined when no folder is open (the view then says so). */
export async function createChatHost(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, post: (message: HostToChatMessage) => void): Promise<ChatHost | undefined> {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder || folder.uri.scheme !== 'file') {
		return undefined;
	}
	const root = folder.uri.fsPath;
	const session = new ChatSession({
		conversations: ConversationStore.forWorkspace(root),
		analysis: new AnalysisSession(AnalysisStore.forWorkspace(root)),
		createModel: async () => {
			const profile = activeProfile();
			if (!profile) {
				throw new Error('the active provider profile does not exist; run "Rampart: Select Model".');
			}
			if (!(await profileReady(secrets, profile))) {
				throw new Error(`no API key is stored for the "${profile.id}" profile; run "Rampart: Set API Key". The scanner's findings above need no key.`);
			}
			return chatModelFor(profile, secrets, log);
		},
		context: {
			workspace: new VscodeWorkspace(folder.uri),
			confinement: await Confinement.create(root),
			engine: () => (engine ??= SecurityEngine.create()),
			store: AnalysisStore.forWorkspace(root),
			trusted: vscode.workspace.isTrusted,
		},
		policy: () => policyFromSettings(folder.uri),
		post,
	});
	return {
		open: (id) => session.open(id),
		send: async (text) => {
			await session.send(text);
		},
		cancel: () => session.cancel(),
		decide: (approvalId, changeHash, approved) => session.decide(approvalId, changeHash, approved),
	};
}
