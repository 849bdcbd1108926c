import * as vscode from 'vscode';
import { type ChatToHostMessage, type ExportFormat, type HostToChatMessage, isChatToHostMessage } from '../core/protocol/chatMessages';
import { summariseRampartDiagnostics } from './findingsSummary';
import { loadLlmRuntime, type LlmRuntime } from './llmLoader';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

/** Slash commands that run a VS Code command instead of asking the analyst. */
const slashToCommand: Record<string, string> = {
	'/generate': 'rampart.generateSecureProject',
	'/trace': 'rampart.openTraceCanvas',
	'/analyze': 'rampart.scanWorkspace',
};

/** The "Security Analyst" chat view in the Rampart activity-bar container. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
	static readonly viewType = 'rampart.chat';
	private view: vscode.WebviewView | undefined;
	private host: Promise<LlmRuntime.ChatHost | undefined> | undefined;
	private log: vscode.LogOutputChannel | undefined;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly context: vscode.ExtensionContext) {
		this.disposables.push(vscode.languages.onDidChangeDiagnostics(() => this.postFindings()));
	}

	resolveWebviewView(view: vscode.WebviewView): void {
		this.view = view;
		view.webview.options = webviewOptions(this.context.extensionUri);
		view.webview.html = renderWebviewHtml(view.webview, this.context.extensionUri, 'chat', 'Rampart');
		this.disposables.push(view.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
		view.onDidDispose(() => {
			this.view = undefined;
			void this.host?.then((h) => h?.cancel());
			this.host = undefined;
		});
	}

	/** Shows the view and sends `prompt` to the analyst as if the user typed it (code actions use this). */
	async ask(prompt: string): Promise<void> {
		await vscode.commands.executeCommand(`${ChatViewProvider.viewType}.focus`);
		for (let i = 0; i < 50 && !this.view; i++) {
			await new Promise((r) => setTimeout(r, 100));
		}
		await this.handle({ type: 'send', text: prompt });
	}

	post(message: HostToChatMessage): void {
		void this.view?.webview.postMessage(message);
	}

	private postFindings(): void {
		this.post({ type: 'findings', summary: summariseRampartDiagnostics() });
	}

	/** The agent side, loaded on first use (it brings the SDKs and zod). */
	private chatHost(): Promise<LlmRuntime.ChatHost | undefined> {
		this.log ??= vscode.window.createOutputChannel('Rampart Chat', { log: true });
		this.host ??= loadLlmRuntime().createChatHost(this.context.secrets, this.log, (m) => this.post(m));
		return this.host;
	}

	private async onMessage(raw: unknown): Promise<void> {
		if (!isChatToHostMessage(raw)) {
			return; // Untyped or hostile message: ignored.
		}
		try {
			await this.handle(raw);
		} catch (error) {
			this.post({ type: 'chatEntry', role: 'notice', text: `Something went wrong: ${error instanceof Error ? error.message : String(error)}` });
		}
	}

	private async handle(message: ChatToHostMessage): Promise<void> {
		switch (message.type) {
			case 'ready':
				this.postFindings();
				await (await this.chatHost())?.open();
				return;
			case 'runCommand':
				await vscode.commands.executeCommand(message.command);
				return;
			case 'openFinding':
				await this.openWorkspaceFile(message.file, message.line);
				return;
			case 'send': {
				const [word = '', ...rest] = message.text.trim().split(/\s+/);
				const slash = slashToCommand[word];
				if (slash) {
					const prompt = rest.join(' ');
					await (word === '/generate' && prompt ? vscode.commands.executeCommand(slash, { prompt }) : vscode.commands.executeCommand(slash));
					return;
				}
				const host = await this.chatHost();
				if (!host) {
					this.post({ type: 'chatEntry', role: 'notice', text: 'Open a folder first: the Security Analyst works on a workspace folder.' });
					return;
				}
				await (word === '/arena' ? host.arena(rest.join(' ')) : host.send(message.text));
				return;
			}
			case 'cancel':
				(await this.host)?.cancel();
				return;
			case 'approvalDecision':
				(await this.host)?.decide(message.approvalId, message.changeHash, message.approved);
				return;
			case 'openLink':
				await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
				return;
			case 'openNode':
				await vscode.commands.executeCommand('rampart.openTraceCanvas', { nodeId: message.nodeId, mode: 'trace' });
				return;
			case 'copyCode':
				await vscode.env.clipboard.writeText(message.code);
				return;
			case 'listConversations':
				await (await this.chatHost())?.history.list(message.query);
				return;
			case 'openConversation':
				await (await this.chatHost())?.history.open(message.id);
				return;
			case 'newConversation':
				await (await this.chatHost())?.history.startNew();
				return;
			case 'renameConversation':
				await (await this.chatHost())?.history.rename(message.id, message.title);
				return;
			case 'deleteConversation':
				await (await this.chatHost())?.history.delete(message.id);
				return;
			case 'applyArenaResult':
				await (await this.chatHost())?.applyArena(message.arenaId, message.contestant);
				return;
			case 'exportConversation':
				await this.exportConversation(message.id, message.format);
				return;
			case 'insertCode': {
				const editor = vscode.window.activeTextEditor;
				if (!editor) {
					this.post({ type: 'chatEntry', role: 'notice', text: 'Open a file in an editor to insert code at its cursor.' });
					return;
				}
				await editor.edit((edit) => edit.replace(editor.selection, message.code));
				return;
			}
		}
	}

	/** Writes the export where the user picks in a save dialog (it starts in the workspace folder). */
	private async exportConversation(id: string, format: ExportFormat): Promise<void> {
		const host = await this.chatHost();
		const folder = vscode.workspace.workspaceFolders?.[0];
		if (!host || !folder) {
			return;
		}
		const exported = await host.history.export(id, format);
		const target = await vscode.window.showSaveDialog({
			defaultUri: vscode.Uri.joinPath(folder.uri, exported.fileName),
			filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
			title: 'Export conversation',
		});
		if (!target) {
			return;
		}
		await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exported.text));
		this.post({ type: 'chatEntry', role: 'notice', text: `Exported to ${vscode.workspace.asRelativePath(target)}.` });
	}

	private async openWorkspaceFile(file: string, line: number): Promise<void> {
		const folder = vscode.workspace.workspaceFolders?.[0];
		if (!folder) {
			return;
		}
		const uri = vscode.Uri.joinPath(folder.uri, file);
		if (!uri.path.startsWith(folder.uri.path + '/')) {
			return; // Paths outside the workspace are never opened from the webview.
		}
		const position = new vscode.Position(line, 0);
		await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
		this.log?.dispose();
	}
}
