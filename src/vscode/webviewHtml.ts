import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { buildWebviewHtml } from '../core/webview/webviewShell';

/** Renders a Rampart webview's HTML with a fresh nonce and the bundled script of `bundle`. */
export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: 'chat' | 'canvas', title: string): string {
	const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`));
	const workerUri = bundle === 'canvas' ? webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'canvasLayoutWorker.js')).toString() : undefined;
	return buildWebviewHtml({ cspSource: webview.cspSource, scriptUri: script.toString(), nonce: randomBytes(18).toString('base64url'), title, workerUri });
}

/** Options every Rampart webview uses: scripts on, resources only from dist/webview. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
	return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
}
