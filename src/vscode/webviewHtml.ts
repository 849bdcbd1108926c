import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce for one rendering of a webview's HTML. */
export function createNonce(): string {
	return randomBytes(18).toString('base64url');
}

/**
 * HTML shell for a Rampart webview: strict CSP (`default-src 'none'`, scripts only by nonce,
 * resources only from the extension's `dist/webview` folder) and one bundled script.
 */
export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: 'chat' | 'canvas', title: string): string {
	const nonce = createNonce();
	const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`));
	const csp = [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src ${webview.cspSource} 'nonce-${nonce}'`,
		`font-src ${webview.cspSource}`,
		`img-src ${webview.cspSource} data:`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
</head>
<body data-nonce="${nonce}">
<div id="root"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

/** Options every Rampart webview uses: scripts on, resources only from dist/webview. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
	return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
}
