import type { Io } from './scanCommand';
import { parseStoreArgs, runStoreCommand, storeFor, StoreUsageError } from './storeArgs';

export const versionsUsage = `Usage: rampart versions [--format text|json] [--workspace DIR]

Lists the versions of the .rampart/ store, newest first: id, time, author, message, changed documents.`;

/** `rampart versions`. */
export function versionsCommand(argv: readonly string[], io: Io): Promise<number> {
	return runStoreCommand('versions', io, async () => {
		const { values } = parseStoreArgs(argv, { format: { type: 'string' }, workspace: { type: 'string' } }, 0);
		if (values.help) {
			io.stdout.write(`${versionsUsage}\n`);
			return 0;
		}
		const format = values.format ?? 'text';
		if (format !== 'text' && format !== 'json') {
			throw new StoreUsageError(`--format must be text or json (got '${format}')`);
		}
		const versions = await storeFor(io, values.workspace).listVersions();
		if (format === 'json') {
			io.stdout.write(`${JSON.stringify(versions, null, 2)}\n`);
			return 0;
		}
		if (versions.length === 0) {
			io.stdout.write('No versions yet.\n');
			return 0;
		}
		for (const v of versions) {
			const oneLine = v.message.replace(/[\r\n\t]+/g, ' ').replace(/\p{Cc}/gu, '');
			io.stdout.write(`${v.id.slice(0, 12)}  ${v.time}  ${v.author.kind}:${v.author.name}  ${oneLine}  [${v.changed.join(', ')}]\n`);
		}
		return 0;
	});
}
