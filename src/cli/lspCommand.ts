import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../language-server/src/lsp/startServer';

/**
 * `rampart lsp --stdio`: the same language server the extension starts, for other editors.
 * Resolves when the client ends the session.
 */
export function runLsp(argv: readonly string[]): Promise<number> {
	if (!argv.includes('--stdio')) {
		process.stderr.write('rampart lsp: only --stdio is supported.\n');
		return Promise.resolve(2);
	}
	const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
	return new Promise<number>((resolve) => {
		connection.onExit(() => resolve(0));
		startServer(connection);
	});
}
