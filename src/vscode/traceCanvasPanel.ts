import * as vscode from 'vscode';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

/** The trace canvas webview panel (one per window), restored after a reload. */
export class TraceCanvasPanel {
	static readonly viewType = 'rampart.traceCanvas';
	private static current: vscode.WebviewPanel | undefined;

	static show(extensionUri: vscode.Uri): void {
		if (TraceCanvasPanel.current) {
			TraceCanvasPanel.current.reveal();
			return;
		}
		const panel = vscode.window.createWebviewPanel(TraceCanvasPanel.viewType, 'Rampart Trace Canvas', vscode.ViewColumn.Active, {
			...webviewOptions(extensionUri),
			retainContextWhenHidden: false,
		});
		TraceCanvasPanel.attach(panel, extensionUri);
	}

	static registerSerializer(context: vscode.ExtensionContext): void {
		context.subscriptions.push(
			vscode.window.registerWebviewPanelSerializer(TraceCanvasPanel.viewType, {
				deserializeWebviewPanel: async (panel) => TraceCanvasPanel.attach(panel, context.extensionUri),
			}),
		);
	}

	private static attach(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): void {
		panel.webview.options = webviewOptions(extensionUri);
		panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, 'canvas', 'Rampart Trace Canvas');
		TraceCanvasPanel.current = panel;
		panel.onDidDispose(() => (TraceCanvasPanel.current = undefined));
	}
}
