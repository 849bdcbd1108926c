import { version } from '../../package.json';
import { type Io, scanCommand } from './scanCommand';

const usage = `Rampart ${version}: security-first static analysis for JavaScript, TypeScript and Python.

Usage:
  rampart scan [paths...] [options]   Scan files and folders (see 'rampart scan --help')
  rampart lsp --stdio                 Run the language server over stdio
  rampart --version                   Print the version
  rampart --help                      Show this help

Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error.`;

/** Dispatches a command line; resolves to the exit status. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
	const [command, ...rest] = argv;
	switch (command) {
		case undefined:
		case '-h':
		case '--help':
		case 'help':
			io.stdout.write(`${usage}\n`);
			return command === undefined ? 2 : 0;
		case '-v':
		case '--version':
			io.stdout.write(`${version}\n`);
			return 0;
		case 'scan':
			return scanCommand(rest, io, version);
		case 'lsp': {
			// Loaded on demand: the language server is not needed for a scan.
			const { runLsp } = await import('./lspCommand');
			return runLsp(rest);
		}
		default:
			io.stderr.write(`rampart: unknown command '${command}'. Run 'rampart --help' for usage.\n`);
			return 2;
	}
}
