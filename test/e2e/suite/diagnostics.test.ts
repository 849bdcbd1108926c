import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const evalRule = 'rampart.js.code-injection.eval';

function codeOf(diagnostic: vscode.Diagnostic): string {
	const code = diagnostic.code;
	return typeof code === 'object' ? String(code.value) : String(code ?? '');
}

/** Resolves with the Rampart diagnostics of `uri` once `accept` is true, or rejects on timeout. */
function waitForDiagnostics(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, timeoutMs: number): Promise<vscode.Diagnostic[]> {
	const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rampart');
	return new Promise((resolve, reject) => {
		if (accept(current())) {
			resolve(current());
			return;
		}
		const timer = setTimeout(() => {
			listener.dispose();
			const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.source ?? '?'}:${codeOf(d)}`);
			reject(new Error(`no matching Rampart diagnostic for ${uri.path} within ${timeoutMs} ms (seen: ${seen.join(', ') || 'none'})`));
		}, timeoutMs);
		const listener = vscode.languages.onDidChangeDiagnostics((event) => {
			if (event.uris.some((u) => u.toString() === uri.toString()) && accept(current())) {
				clearTimeout(timer);
				listener.dispose();
				resolve(current());
			}
		});
	});
}

describe('Rampart diagnostics', () => {
	it(`reports ${evalRule} on the eval() line of app.js`, async () => {
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder, 'the fixture workspace is not open');
		const uri = vscode.Uri.joinPath(folder.uri, 'app.js');
		const document = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(document);
		const evalLine = document.getText().split('\n').findIndex((line) => /^\s*[^/\s].*\beval\(/.test(line));
		assert.ok(evalLine >= 0, 'app.js has no eval() call');
		const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === evalRule), 45_000);
		const finding = diagnostics.find((d) => codeOf(d) === evalRule);
		assert.ok(finding);
		assert.equal(finding.range.start.line, evalLine, `expected the finding on line ${evalLine + 1}`);
	});
});
