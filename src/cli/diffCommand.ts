import { describeChanges } from '../core/store/report/reportData';
import type { Io } from './scanCommand';
import { parseStoreArgs, resolveVersion, runStoreCommand, storeFor, StoreUsageError } from './storeArgs';

export const diffUsage = `Usage: rampart diff A B [--format text|json] [--workspace DIR]

What changed from version A to version B: STPA-Sec nodes and edges added, removed and changed,
and per JSON path for the other documents. A and B are HEAD, HEAD~n or an id prefix.`;

/** `rampart diff A B`. */
export function diffCommand(argv: readonly string[], io: Io): Promise<number> {
	return runStoreCommand('diff', io, async () => {
		const { values, positionals } = parseStoreArgs(argv, { format: { type: 'string' }, workspace: { type: 'string' } }, 2);
		if (values.help) {
			io.stdout.write(`${diffUsage}\n`);
			return 0;
		}
		if (positionals.length !== 2) {
			throw new StoreUsageError('give two versions: rampart diff A B');
		}
		const format = values.format ?? 'text';
		if (format !== 'text' && format !== 'json') {
			throw new StoreUsageError(`--format must be text or json (got '${format}')`);
		}
		const store = storeFor(io, values.workspace);
		const a = await resolveVersion(store, positionals[0]!);
		const b = await resolveVersion(store, positionals[1]!);
		const diff = await store.diff(a, b);
		if (format === 'json') {
			io.stdout.write(`${JSON.stringify({ from: a, to: b, documents: diff }, null, 2)}\n`);
			return 0;
		}
		io.stdout.write(`${a.slice(0, 12)} → ${b.slice(0, 12)}\n`);
		const lines = describeChanges(diff);
		io.stdout.write(lines.length ? `${lines.map((l) => `  ${l.replace(/\p{Cc}/gu, ' ')}`).join('\n')}\n` : '  no changes\n');
		return 0;
	});
}
