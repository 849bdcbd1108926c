// Approvals in VS Code: a proposed write opens as a diff (current file ↔ proposed content, both
// read-only virtual documents) next to a notification with Approve / Reject. The decision names
// the change hash it was shown, so the gate can refuse an approval that no longer matches.
import * as vscode from 'vscode';
import type { ApprovalDecision, ApprovalPort, CommandApprovalRequest, WriteApprovalRequest } from '../../core/agent/approvals';

export const proposalScheme = 'rampart-proposal';

/** Serves the two sides of each pending diff from memory; entries go away with the decision. */
export class ProposalDocuments implements vscode.TextDocumentContentProvider {
	private readonly contents = new Map<string, string>();
	private next = 0;

	static register(context: vscode.ExtensionContext): ProposalDocuments {
		const provider = new ProposalDocuments();
		context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(proposalScheme, provider));
		return provider;
	}

	add(path: string, side: 'current' | 'proposed', content: string): vscode.Uri {
		const key = `${++this.next}/${side}/${path}`;
		this.contents.set(key, content);
		return vscode.Uri.from({ scheme: proposalScheme, path: `/${key}` });
	}

	forget(uri: vscode.Uri): void {
		this.contents.delete(uri.path.slice(1));
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.contents.get(uri.path.slice(1)) ?? '';
	}
}

export class DiffApprovalPort implements ApprovalPort {
	constructor(private readonly documents: ProposalDocuments) {}

	async requestWrite(request: WriteApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
		const left = this.documents.add(request.path, 'current', request.before ?? '');
		const right = this.documents.add(request.path, 'proposed', request.newContent);
		try {
			const title = `${request.path}: ${request.before === undefined ? 'new file' : 'current'} ↔ proposed by Rampart`;
			await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: false });
			const question = vscode.window.showInformationMessage(`Rampart wants to ${request.before === undefined ? 'create' : 'change'} ${request.path}. Apply this change?`, 'Approve', 'Reject');
			const cancelled = new Promise<undefined>((resolve) => signal?.addEventListener('abort', () => resolve(undefined), { once: true }));
			const answer = await Promise.race([question, cancelled]);
			if (answer === 'Approve') {
				return { approved: true, changeHash: request.changeHash };
			}
			return { approved: false, changeHash: request.changeHash, reason: answer === 'Reject' ? 'rejected in the diff view' : signal?.aborted ? 'the run was stopped' : 'the question was dismissed' };
		} finally {
			this.documents.forget(left);
			this.documents.forget(right);
		}
	}

	/** A command is shown exactly as it will run (program, arguments, folder, network) in a modal question. */
	async requestCommand(request: CommandApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
		const detail = [`Command: ${request.commandLine}`, `Folder: ${request.cwd || '(workspace root)'}`, `Network: ${request.network === 'none' ? 'none' : 'allowed'}`, `Asked by: ${request.tool}`].join('\n');
		const question = vscode.window.showWarningMessage('Rampart wants to run a command. Allow it?', { modal: true, detail }, 'Run');
		const cancelled = new Promise<undefined>((resolve) => signal?.addEventListener('abort', () => resolve(undefined), { once: true }));
		const answer = await Promise.race([question, cancelled]);
		return answer === 'Run' ? { approved: true, changeHash: request.changeHash } : { approved: false, changeHash: request.changeHash, reason: signal?.aborted ? 'the run was stopped' : 'not allowed by the user' };
	}
}
