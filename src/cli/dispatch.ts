import { version } from '../../package.json';
import { type Io, scanCommand } from './scanCommand';

const usage = `Rampart ${version}: security-first static analysis for JavaScript, TypeScript and Python,
and the STPA-Sec analysis store in .rampart/.

Usage:
  rampart scan [paths...] [options]   Scan files and folders (see 'rampart scan --help')
  rampart lsp --stdio                 Run the language server over stdio
  rampart generate "<prompt>" [opts]  Generate a secure project (see 'rampart generate --help')
  rampart verify [DIR] [options]      Build, test and probe in a container; decide the policy contract (see 'rampart verify --help')
  rampart export --format FORMAT      Export the STPA-Sec model: drawio, mermaid, graphml, dot, otm, json
  rampart report [--format md|html]   Summary report of the analysis (see 'rampart report --help')
  rampart versions                    List the versions of the .rampart/ store
  rampart diff A B                    What changed between two versions
  rampart --version                   Print the version
  rampart --help                      Show this help

Exit status: 0 clean, 1 findings at or above --fail-on (scan) or a failed gate or threat (verify),
2 usage, setup, store or internal error, 3 nothing checked (verify).`;

type Command = (args: readonly string[], io: Io) => Promise<number>;

/** Commands loaded on first use, so `rampart scan` never loads the store, the SDKs or the pipeline. */
const lazyCommands: Record<string, () => Promise<Command>> = {
	generate: async () => (await import('./generateCommand')).generateCommand,
	export: async () => (await import('./exportCommand')).exportCommand,
	report: async () => (await import('./reportCommand')).reportCommand,
	versions: async () => (await import('./versionsCommand')).versionsCommand,
	diff: async () => (await import('./diffCommand')).diffCommand,
	verify: async () => {
		const { verifyCommand } = await import('./verifyCommand');
		return (args, io) => verifyCommand(args, io, version);
	},
};

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
		default: {
			const load = Object.hasOwn(lazyCommands, command) ? lazyCommands[command] : undefined;
			if (load) {
				return (await load())(rest, io);
			}
			io.stderr.write(`rampart: unknown command '${command}'. Run 'rampart --help' for usage.\n`);
			return 2;
		}
	}
}
