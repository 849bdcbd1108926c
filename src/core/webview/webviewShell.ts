/** What a webview's HTML shell needs from its host. */
export interface WebviewShellOptions {
	/** The webview's `cspSource` (origin its local resources are served from). */
	readonly cspSource: string;
	/** URI of the bundled script. */
	readonly scriptUri: string;
	/** A fresh random nonce for this rendering. */
	readonly nonce: string;
	readonly title: string;
}

/**
 * The HTML shell of every Rampart webview: CSP `default-src 'none'`, scripts only by nonce,
 * styles, fonts and images only from the extension's own resources.
 */
export function buildWebviewHtml(options: WebviewShellOptions): string {
	const { cspSource, scriptUri, nonce, title } = options;
	const csp = [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src ${cspSource} 'nonce-${nonce}'`,
		`font-src ${cspSource}`,
		`img-src ${cspSource} data:`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
</head>
<body data-nonce="${nonce}">
<div id="root"></div>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
