import { basename, resolve } from 'node:path';
import { toHtmlReport } from '../core/store/report/htmlReport';
import { toMarkdownReport } from '../core/store/report/markdownReport';
import { collectReport, type ReportData } from '../core/store/report/reportData';
import type { Io } from './scanCommand';
import { emit, parseStoreArgs, resolveVersion, runStoreCommand, storeFor, StoreUsageError } from './storeArgs';

export const reportUsage = `Usage: rampart report [--format md|html] [--since VERSION] [--out FILE] [--workspace DIR ...]

A summary of the analysis in .rampart/: requirements → losses → vulnerabilities → constraints →
mitigations with status and evidence, open threats by severity, findings, completeness problems,
verification verdicts, and (with --since) what changed since VERSION (HEAD~n or an id prefix).
Give --workspace several times to report on several analyses. HTML is one self-contained file.`;

/** `rampart report`. */
export function reportCommand(argv: readonly string[], io: Io): Promise<number> {
	return runStoreCommand('report', io, async () => {
		const { values } = parseStoreArgs(argv, { format: { type: 'string' }, since: { type: 'string' }, out: { type: 'string' }, workspace: { type: 'string', multiple: true } }, 0);
		if (values.help) {
			io.stdout.write(`${reportUsage}\n`);
			return 0;
		}
		const format = values.format ?? 'md';
		if (format !== 'md' && format !== 'html') {
			throw new StoreUsageError(`--format must be md or html (got '${format}')`);
		}
		const reports: ReportData[] = [];
		for (const ws of values.workspace ?? ['.']) {
			const store = storeFor(io, ws);
			const { documents, problems } = await store.readAll();
			if (problems.length > 0) {
				// A report from half the documents would mislead: name every broken file instead.
				for (const p of problems) {
					io.stderr.write(`rampart report: ${p.message}\n`);
				}
				return 2;
			}
			let changes;
			if (values.since !== undefined) {
				const since = await resolveVersion(store, values.since);
				const head = (await store.head())!;
				changes = { since, head, diff: await store.diff(since, head) };
			}
			reports.push(collectReport({ name: basename(resolve(io.cwd, ws)), documents, changes }));
		}
		await emit(io, values.out, format === 'html' ? toHtmlReport(reports) : toMarkdownReport(reports));
		return 0;
	});
}
