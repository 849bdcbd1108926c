import * as vscode from 'vscode';
import { type HostToChatMessage, isChatToHostMessage } from '../core/protocol/chatMessages';
import { summariseRampartDiagnostics } from './findingsSummary';
import { loadLlmRuntime } from './llmLoader';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

/** The "Security Analyst" chat view in the Rampart activity-bar container. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
	static readonly viewType = 'rampart.chat';
	private view: vscode.WebviewView | undefined;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly context: vscode.ExtensionContext) {
		this.disposables.push(vscode.languages.onDidChangeDiagnostics(() => this.postFindings()));
	}

	resolveWebviewView(view: vscode.WebviewView): void {
		this.view = view;
		view.webview.options = webviewOptions(this.context.extensionUri);
		view.webview.html = renderWebviewHtml(view.webview, this.context.extensionUri, 'chat', 'Rampart');
		this.disposables.push(view.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
		view.onDidDispose(() => (this.view = undefined));
	}

	post(message: HostToChatMessage): void {
		void this.view?.webview.postMessage(message);
	}

	private postFindings(): void {
		this.post({ type: 'findings', summary: summariseRampartDiagnostics() });
	}

	private async onMessage(raw: unknown): Promise<void> {
		if (!isChatToHostMessage(raw)) {
			return; // Untyped or hostile message: ignored.
		}
		switch (raw.type) {
			case 'ready':
				this.postFindings();
				return;
			case 'runCommand':
				await vscode.commands.executeCommand(raw.command);
				return;
			case 'openFinding': {
				const folder = vscode.workspace.workspaceFolders?.[0];
				if (!folder) {
					return;
				}
				const uri = vscode.Uri.joinPath(folder.uri, raw.file);
				if (!uri.path.startsWith(folder.uri.path + '/')) {
					return; // Paths outside the workspace are never opened from the webview.
				}
				const position = new vscode.Position(raw.line, 0);
				await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
				return;
			}
			case 'send':
				this.post({ type: 'chatEntry', role: 'user', text: raw.text });
				await this.answer();
				return;
		}
	}

	private async answer(): Promise<void> {
		const llm = loadLlmRuntime();
		const profile = llm.activeProfile();
		if (!profile || !(await llm.profileReady(this.context.secrets, profile))) {
			this.post({
				type: 'chatEntry',
				role: 'notice',
				text: `No API key is stored for the "${profile?.id ?? 'active'}" provider profile. Run "Rampart: Set API Key" to talk to the Security Analyst. Findings from the scanner are listed above and need no key.`,
			});
			return;
		}
		this.post({
			type: 'chatEntry',
			role: 'notice',
			text: 'The Security Analyst agent is not part of this build yet; the scanner and its quick-fixes are.',
		});
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
