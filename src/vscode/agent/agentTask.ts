// "Rampart: Run Agent Task": one agent run on the first workspace folder with the active provider
// profile, the VS Code workspace port (undoable edits), diff approvals and a progress notification
// with Cancel. Part of the lazily loaded LLM bundle.
import * as vscode from 'vscode';
import { AgentRun, type AgentEvent, type AgentOutcome } from '../../core/agent/agentLoop';
import { ApprovalGate, type ApprovalMode, type ApprovalPolicy } from '../../core/agent/approvals';
import { Confinement } from '../../core/agent/confinement';
import { defaultTools } from '../../core/agent/tools/registry';
import { SecretRedactingChatModel } from '../../core/llm/secretRedaction';
import { workspaceSandbox } from '../../core/sandbox/workspaceSandbox';
import { AnalysisStore } from '../../core/store/analysisStore';
import { SecurityEngine } from '../../../language-server/src/engine/securityEngine';
import { activeProfile, chatModelFor, profileReady } from '../llmRuntime';
import { DiffApprovalPort, type ProposalDocuments } from './diffApproval';
import { VscodeWorkspace } from './vscodeWorkspace';

export interface AgentTaskArgs {
	readonly task: string;
}

export interface AgentTaskResult {
	readonly outcome?: AgentOutcome;
	readonly error?: string;
}

const system = 'You are Rampart, a security-first coding agent working inside the user\'s VS Code workspace. Use the tools to inspect and change files; keep changes minimal and secure; call finish with a short summary when the task is done.';

/** The policy the settings give; an untrusted workspace may neither write nor run commands. */
export function policyFromSettings(folder: vscode.Uri): ApprovalPolicy {
	const config = vscode.workspace.getConfiguration('rampart', folder);
	const mode = (key: string, fallback: ApprovalMode): ApprovalMode => {
		const value = config.get<string>(key, fallback);
		return value === 'auto' || value === 'ask' || value === 'deny' ? value : fallback;
	};
	if (!vscode.workspace.isTrusted) {
		return { read: 'auto', write: 'deny', command: 'deny', network: 'deny' };
	}
	return { read: 'auto', write: mode('agent.approval', 'ask') === 'auto' ? 'auto' : 'ask', command: mode('agent.commands', 'ask'), network: mode('agent.network', 'deny') };
}

let engine: Promise<SecurityEngine> | undefined;

/** Commands run in a container (engine from `rampart.verify.dockerHost` or the usual places), chosen on first use. */
export function sandboxFor(folder: vscode.Uri): ReturnType<typeof workspaceSandbox> {
	const dockerHost = vscode.workspace.getConfiguration('rampart', folder).get<string>('verify.dockerHost', '').trim();
	return workspaceSandbox({ root: folder.fsPath, dockerHost: dockerHost || undefined });
}

export async function runAgentTask(args: AgentTaskArgs, secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, proposals: ProposalDocuments): Promise<AgentTaskResult> {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder) {
		return { error: 'Open a folder first: the agent works inside a workspace folder.' };
	}
	const profile = activeProfile();
	if (!profile) {
		return { error: 'The active provider profile does not exist. Run "Rampart: Select Model".' };
	}
	if (!(await profileReady(secrets, profile))) {
		return { error: `No API key is stored for the "${profile.id}" profile. Run "Rampart: Set API Key".` };
	}
	const model = new SecretRedactingChatModel(await chatModelFor(profile, secrets, log), { onRedaction: (stats) => log.info(`${stats.total} secret(s) redacted before sending to ${profile.id}`) });
	const controller = new AbortController();
	const run = new AgentRun({
		model,
		tools: defaultTools(),
		system,
		context: {
			workspace: new VscodeWorkspace(folder.uri),
			confinement: await Confinement.create(folder.uri.fsPath),
			approvals: new ApprovalGate(policyFromSettings(folder.uri), new DiffApprovalPort(proposals)),
			engine: () => (engine ??= SecurityEngine.create()),
			store: AnalysisStore.forWorkspace(folder.uri.fsPath),
			trusted: vscode.workspace.isTrusted,
			sandbox: sandboxFor(folder.uri),
		},
		onEvent: (event: AgentEvent) => log.info(describeEvent(event)),
		signal: controller.signal,
	});
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Rampart agent', cancellable: true }, async (progress, token) => {
		token.onCancellationRequested(() => controller.abort());
		progress.report({ message: args.task.slice(0, 80) });
		try {
			const outcome = await run.send(args.task);
			log.info(`agent run ${outcome.status} after ${outcome.steps} model call(s): ${outcome.summary}`);
			return { outcome };
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log.error(`agent run failed: ${message}`);
			return { error: message };
		}
	});
}

function describeEvent(event: AgentEvent): string {
	switch (event.type) {
		case 'assistant':
			return `assistant: ${event.text.slice(0, 200)}${event.toolCalls.length ? ` [${event.toolCalls.map((c) => c.name).join(', ')}]` : ''}`;
		case 'tool-start':
			return `tool ${event.call.name} started`;
		case 'tool-end':
			return `tool ${event.call.name} ${event.isError ? 'failed' : 'done'}`;
		case 'nudge':
			return 'nudged the model to use a tool';
		default:
			return event.type;
	}
}
