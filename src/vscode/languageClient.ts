import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** Languages the Rampart language server analyses. */
export const analysedLanguages = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python'] as const;

/** Starts the bundled Rampart language server (dist/server.js) over stdio. */
export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
	const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
	const serverOptions: ServerOptions = {
		run: { module, transport: TransportKind.stdio },
		debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
	};
	const clientOptions: LanguageClientOptions = {
		documentSelector: analysedLanguages.map((language) => ({ scheme: 'file', language })),
		synchronize: { configurationSection: 'rampart', fileEvents: vscode.workspace.createFileSystemWatcher('**/.rampart/baseline.json') },
		initializationOptions: { trusted: vscode.workspace.isTrusted },
		diagnosticCollectionName: 'rampart',
	};
	return new LanguageClient('rampart', 'Rampart Security', serverOptions, clientOptions);
}
