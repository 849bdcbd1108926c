import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { CanvasSession } from '../core/canvas/canvasSession';
import { type HostToCanvasMessage, isOpenTraceCanvasArgs, type OpenTraceCanvasArgs, parseCanvasToHostMessage } from '../core/protocol/canvasMessages';
import { AnalysisStore } from '../core/store/analysisStore';
import { exportCanvas, openAnchor, saveImage } from './canvasFiles';
import { traceCanvasViewType } from './canvasLoader';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

/** The trace canvas webview panel (one per window), restored after a reload with its viewport and selection. */
export class TraceCanvasPanel {
	static readonly viewType = traceCanvasViewType;
	private static current: TraceCanvasPanel | undefined;
	private readonly session: CanvasSession | undefined;
	private readonly root: vscode.Uri | undefined;
	private pendingFocus: OpenTraceCanvasArgs | undefined;
	private ready = false;
	private refreshTimer: ReturnType<typeof setTimeout> | undefined;

	/** `rampart.openTraceCanvas`, optionally `{ nodeId, mode: 'trace' }` to open on a node with its trace. */
	static show(extensionUri: vscode.Uri, args?: unknown): void {
		const focus = isOpenTraceCanvasArgs(args) ? args : undefined;
		const existing = TraceCanvasPanel.current;
		if (existing) {
			existing.panel.reveal();
			if (focus) {
				existing.focus(focus);
			}
			return;
		}
		const panel = vscode.window.createWebviewPanel(TraceCanvasPanel.viewType, 'Rampart Trace Canvas', vscode.ViewColumn.Active, {
			...webviewOptions(extensionUri),
			retainContextWhenHidden: false,
		});
		new TraceCanvasPanel(panel, extensionUri).pendingFocus = focus;
	}

	/** A panel VS Code restored after a reload: the webview restores its own view, viewport and selection. */
	static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): void {
		void new TraceCanvasPanel(panel, extensionUri);
	}

	private constructor(
		private readonly panel: vscode.WebviewPanel,
		extensionUri: vscode.Uri,
	) {
		this.root = vscode.workspace.workspaceFolders?.[0]?.uri;
		this.session = this.root?.scheme === 'file' ? new CanvasSession(AnalysisStore.forWorkspace(this.root.fsPath), { kind: 'user', name: safeUserName() }) : undefined;
		panel.webview.options = webviewOptions(extensionUri);
		panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, 'canvas', 'Rampart Trace Canvas');
		TraceCanvasPanel.current?.panel.dispose();
		TraceCanvasPanel.current = this;
		const disposables: vscode.Disposable[] = [panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m).catch((e: unknown) => this.fail(e)))];
		if (this.root) {
			const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.root, '.rampart/**/*.json'));
			const changed = () => this.scheduleRefresh();
			disposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
		}
		panel.onDidDispose(() => {
			if (TraceCanvasPanel.current === this) {
				TraceCanvasPanel.current = undefined;
			}
			clearTimeout(this.refreshTimer);
			vscode.Disposable.from(...disposables).dispose();
		});
	}

	private post(message: HostToCanvasMessage): void {
		void this.panel.webview.postMessage(message);
	}

	private focus(args: OpenTraceCanvasArgs): void {
		if (this.ready) {
			this.post({ type: 'focus', nodeId: args.nodeId, mode: args.mode });
		} else {
			this.pendingFocus = args;
		}
	}

	private scheduleRefresh(): void {
		clearTimeout(this.refreshTimer);
		this.refreshTimer = setTimeout(() => void this.sendModel().catch((e: unknown) => this.fail(e)), 150);
	}

	private async sendModel(): Promise<void> {
		if (!this.session) {
			this.post({ type: 'model', graph: { schemaVersion: 1, nodes: [], edges: [] }, head: null, versions: [], problems: ['Open a folder to use the trace canvas.'] });
			return;
		}
		this.post(await this.session.model());
	}

	private async receive(raw: unknown): Promise<void> {
		const message = parseCanvasToHostMessage(raw);
		if (!message) {
			return;
		}
		switch (message.type) {
			case 'ready':
				this.ready = true;
				await this.sendModel();
				if (this.pendingFocus) {
					this.focus(this.pendingFocus);
					this.pendingFocus = undefined;
				}
				break;
			case 'edit': {
				const result = this.session ? await this.session.edit(message) : { ok: false as const, error: 'no workspace folder' };
				this.post(result.ok ? { type: 'editResult', ok: true } : { type: 'editResult', ok: false, error: result.error });
				await this.sendModel();
				break;
			}
			case 'selectVersion':
				if (this.session) {
					this.session.comparedVersion = message.versionId;
					await this.sendModel();
				}
				break;
			case 'openAnchor':
				if (this.root) {
					await openAnchor(this.root, message);
				}
				break;
			case 'export':
				if (this.session && this.root) {
					this.post({ type: 'exported', format: message.format, fileName: await exportCanvas(this.root, this.session, message) });
				}
				break;
			case 'saveImage':
				if (this.root) {
					this.post({ type: 'exported', format: message.format, fileName: await saveImage(this.root, message) });
				}
				break;
		}
	}

	private fail(error: unknown): void {
		void vscode.window.showErrorMessage(`Rampart trace canvas: ${error instanceof Error ? error.message : String(error)}`);
	}
}

function safeUserName(): string {
	try {
		return userInfo().username || 'user';
	} catch {
		return 'user';
	}
}
