/** What a webview's HTML shell needs from its host. */
export interface WebviewShellOptions {
	/** The webview's `cspSource` (origin its local resources are served from). */
	readonly cspSource: string;
	/** URI of the bundled script. */
	readonly scriptUri: string;
	/** A fresh random nonce for this rendering. */
	readonly nonce: string;
	readonly title: string;
	/** URI of a web worker script the page may start (the canvas's layout worker): the CSP then allows workers from `cspSource`, and blobs the page itself makes from that script. */
	readonly workerUri?: string;
}

/**
 * The HTML shell of every Rampart webview: CSP `default-src 'none'`, scripts only by nonce,
 * styles, fonts and images only from the extension's own resources.
 */
export function buildWebviewHtml(options: WebviewShellOptions): string {
	const { cspSource, scriptUri, nonce, title, workerUri } = options;
	const csp = [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src ${cspSource} 'nonce-${nonce}'`,
		`font-src ${cspSource}`,
		`img-src ${cspSource} data:`,
		// The layout worker: from the extension's own URI, or (where that origin differs from the
		// page's, as in VS Code) fetched from it and started as a blob by the page's nonce script.
		...(workerUri ? [`worker-src ${cspSource} blob:`, `connect-src ${cspSource}`] : []),
	].join('; ');
	const worker = workerUri ? ` data-layout-worker="${escapeHtml(workerUri)}"` : '';
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
</head>
<body data-nonce="${nonce}"${worker}>
<div id="root"></div>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
