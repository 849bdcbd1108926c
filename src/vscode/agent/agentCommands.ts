// Registers "Rampart: Run Agent Task". The agent itself lives in the lazily loaded LLM bundle; this
// file (in the activation bundle) only owns the diff documents and the agent's log channel.
import * as vscode from 'vscode';
import { loadLlmRuntime, type LlmRuntime } from '../llmLoader';
import { ProposalDocuments } from './diffApproval';

export const runAgentTaskCommand = 'rampart.agent.runTask';

export function registerAgentCommands(context: vscode.ExtensionContext): void {
	const proposals = ProposalDocuments.register(context);
	let log: vscode.LogOutputChannel | undefined;
	const channel = () => {
		if (!log) {
			log = vscode.window.createOutputChannel('Rampart Agent', { log: true });
			context.subscriptions.push(log);
		}
		return log;
	};
	context.subscriptions.push(
		vscode.commands.registerCommand(runAgentTaskCommand, async (args?: LlmRuntime.AgentTaskArgs): Promise<LlmRuntime.AgentTaskResult | undefined> => {
			const task = args?.task ?? (await vscode.window.showInputBox({ title: 'Rampart: what should the agent do?', ignoreFocusOut: true, placeHolder: 'e.g. Add input validation to the login handler' }));
			if (!task?.trim()) {
				return undefined;
			}
			const result = await loadLlmRuntime().runAgentTask({ task }, context.secrets, channel(), proposals);
			if (result.error) {
				void vscode.window.showErrorMessage(`Rampart agent: ${result.error}`);
			} else if (result.outcome && !args) {
				void vscode.window.showInformationMessage(`Rampart agent ${result.outcome.status}: ${result.outcome.summary.slice(0, 300)}`);
			}
			return result;
		}),
	);
}
