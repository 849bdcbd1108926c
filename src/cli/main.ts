// Entry of the CLI bundle (dist/cli.js, started by bin/rampart.js): runs the command line.
import { main } from './dispatch';
import type { Io } from './scanCommand';

// `rampart scan | head`: a reader that goes away is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') {
		process.exit(process.exitCode ?? 0);
	}
	throw error;
});

const io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
main(process.argv.slice(2), io).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
		process.stderr.write(`rampart: internal error: ${detail}\n`);
		process.exitCode = 2;
	},
);
