// The chat view's agent side, in the lazily loaded LLM bundle: one ChatSession per view over the
// first workspace folder, with the active provider profile, the VS Code workspace port, the
// workspace's analysis store and its stored conversations.
import * as vscode from 'vscode';
import { Confinement } from '../../core/agent/confinement';
import { AnalysisSession } from '../../core/analyst/analysisSession';
import { applyArenaThreatModel, type ArenaProfile, arenaUsage, parseArenaRequest, runThreatModelArena } from '../../core/arena/arenaCommand';
import { ChatHistory } from '../../core/chat/chatHistory';
import { ChatSession } from '../../core/chat/chatSession';
import { ConversationStore } from '../../core/conversations/conversationStore';
import type { ToolContext } from '../../core/agent/tools/tool';
import { type ChatModel, costOf, defaultPrices, type PriceTable, priceFor, type ProviderProfile } from '../../core/llm';
import { SecretRedactingChatModel } from '../../core/llm/secretRedaction';
import type { HostToChatMessage } from '../../core/protocol/chatMessages';
import type { ThreatModel } from '../../core/store/schemas';
import { AnalysisStore } from '../../core/store/analysisStore';
import { SecurityEngine } from '../../../language-server/src/engine/securityEngine';
import { policyFromSettings, sandboxFor } from '../agent/agentTask';
import { VscodeWorkspace } from '../agent/vscodeWorkspace';
import { activeProfile, chatModelFor, profileReady, readProfiles } from '../llmRuntime';

let engine: Promise<SecurityEngine> | undefined;

export interface ChatHost {
	open(conversationId?: string): Promise<void>;
	send(text: string): Promise<void>;
	cancel(): void;
	decide(approvalId: string, changeHash: string, approved: boolean): boolean;
	/** `/arena <profile> <profile> … [--parallel] [--budget <usd>]`: `args` is what follows `/arena`. */
	arena(args: string): Promise<void>;
	/** Stores the result of one arena contestant (the "Apply" button of its row). */
	applyArena(arenaId: string, contestant: string): Promise<void>;
	/** The history list: search, open, new, rename, delete, export. */
	readonly history: ChatHistory;
}

/** The model of the active provider profile, or an error that says how to set one up. */
export async function activeChatModel(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): Promise<ChatModel> {
	const profile = activeProfile();
	if (!profile) {
		throw new Error('the active provider profile does not exist; run "Rampart: Select Model".');
	}
	if (!(await profileReady(secrets, profile))) {
		throw new Error(`no API key is stored for the "${profile.id}" profile; run "Rampart: Set API Key". The scanner's findings above need no key.`);
	}
	return chatModelFor(profile, secrets, log);
}

/** The analyst's tool context on a workspace folder (approvals are added per run). */
export async function analystToolContext(folder: vscode.WorkspaceFolder): Promise<Omit<ToolContext, 'signal' | 'callId' | 'approvals'>> {
	const root = folder.uri.fsPath;
	return {
		workspace: new VscodeWorkspace(folder.uri),
		confinement: await Confinement.create(root),
		engine: () => (engine ??= SecurityEngine.create()),
		store: AnalysisStore.forWorkspace(root),
		trusted: vscode.workspace.isTrusted,
		sandbox: sandboxFor(folder.uri),
	};
}

/** Undefined when no folder is open (the view then says so). */
export async function createChatHost(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, post: (message: HostToChatMessage) => void): Promise<ChatHost | undefined> {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder || folder.uri.scheme !== 'file') {
		return undefined;
	}
	const root = folder.uri.fsPath;
	const conversations = ConversationStore.forWorkspace(root);
	/** Threat models of this window's arena runs, by arena id and contestant, until applied or reloaded. */
	const candidates = new Map<string, Map<string, ThreatModel>>();
	const session = new ChatSession({
		conversations,
		analysis: new AnalysisSession(AnalysisStore.forWorkspace(root)),
		createModel: () => activeChatModel(secrets, log),
		context: await analystToolContext(folder),
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
		history: new ChatHistory(conversations, session, post),
		arena: async (args) => {
			const request = parseArenaRequest(args);
			const problem = 'error' in request ? request.error : await arenaProblem(request.profileIds, secrets);
			if (problem !== undefined || 'error' in request) {
				post({ type: 'chatEntry', role: 'notice', text: problem ?? arenaUsage });
				return;
			}
			const { profiles } = readProfiles();
			const chosen = request.profileIds.map((id) => arenaProfile(profiles.find((p) => p.id === id)!, secrets, log));
			await session.arena(`/arena ${args.trim()}`, (signal, arenaId) => {
				const models = new Map<string, ThreatModel>();
				candidates.set(arenaId, models);
				return runThreatModelArena(AnalysisStore.forWorkspace(root), request, chosen, {
					signal,
					onProgress: (label, state) => post({ type: 'stage', stage: { stage: 'arena', state, step: label } }),
					onModel: (result) => models.set(result.label, result.threatModel),
				});
			});
		},
		applyArena: async (arenaId, contestant) => {
			const model = candidates.get(arenaId)?.get(contestant);
			if (!model) {
				post({ type: 'chatEntry', role: 'notice', text: 'The results of that arena are no longer held (they last until the window reloads); run /arena again to apply one.' });
				return;
			}
			const version = await applyArenaThreatModel(AnalysisStore.forWorkspace(root), contestant, model);
			candidates.delete(arenaId);
			post({ type: 'chatEntry', role: 'notice', text: `Stored the threat model of ${contestant} as version ${version.id.slice(0, 12)}.` });
		},
	};
}

/** Why the arena cannot run on these profiles, or undefined when it can. */
async function arenaProblem(ids: readonly string[], secrets: vscode.SecretStorage): Promise<string | undefined> {
	const { profiles } = readProfiles();
	for (const id of ids) {
		const profile = profiles.find((p) => p.id === id);
		if (!profile) {
			return `There is no provider profile "${id}"; the profiles are: ${profiles.map((p) => p.id).join(', ')}.`;
		}
		if (!(await profileReady(secrets, profile))) {
			return `No API key is stored for the "${id}" profile; run "Rampart: Set API Key".`;
		}
	}
	return undefined;
}

function arenaProfile(profile: ProviderProfile, secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): ArenaProfile {
	const configured = vscode.workspace.getConfiguration('rampart').get<PriceTable>('llm.prices', {});
	const price = priceFor(profile.model, { ...defaultPrices, ...(typeof configured === 'object' && configured !== null ? configured : {}) });
	return {
		id: profile.id,
		createModel: async () => new SecretRedactingChatModel(await chatModelFor(profile, secrets, log), { onRedaction: (stats) => log.info(`${stats.total} secret(s) redacted before sending to ${profile.id}`) }),
		price: (usage) => (price ? costOf(usage, price) : undefined),
	};
}
