import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { version } from '../../../package.json';
import { toSarif } from '../engine/report/sarif';
import { type ScanReport, scanFiles } from '../engine/scanFiles';
import type { SecurityEngine } from '../engine/securityEngine';
import { listSourceFiles } from '../engine/workspaceFiles';
import type { ScanSummary } from '../protocol/customMessages';
import type { BaselineService } from './baselineService';
import { analysisToDiagnostics } from './diagnostics';
import type { ServerSettings } from './settings';

/** Whole-workspace scans with work-done progress; keeps the last report for SARIF export. */
export class WorkspaceScanner {
	private last: ScanReport | undefined;
	private running: Promise<ScanSummary> | undefined;

	constructor(
		private readonly connection: Connection,
		private readonly engine: Promise<SecurityEngine>,
		private readonly settings: () => ServerSettings,
		private readonly baseline: BaselineService,
	) {}

	/** Scans every root; a scan already running is joined rather than started twice. */
	scan(roots: readonly string[]): Promise<ScanSummary> {
		this.running ??= this.run(roots).finally(() => (this.running = undefined));
		return this.running;
	}

	private async run(roots: readonly string[]): Promise<ScanSummary> {
		const engine = await this.engine;
		const progress = await this.connection.window.createWorkDoneProgress();
		progress.begin('Rampart: scanning workspace', 0, 'listing files…', false);
		try {
			const files = await listSourceFiles([...roots]);
			const s = this.settings();
			let lastPercent = -1;
			const root = roots[0] ?? process.cwd();
			const report = await scanFiles(engine, files, {
				root,
				baseline: s.useBaseline ? await this.baseline.forRoot(root) : undefined,
				limits: { maxBytes: s.maxFileSizeKb * 1024 },
				parseTimeoutMs: s.parseTimeoutMs,
				inlineSuppressions: s.inlineSuppressions,
				minimumPrecision: s.minimumPrecision,
				onProgress: (done, total, path) => {
					const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
					if (percent !== lastPercent) {
						lastPercent = percent;
						progress.report(percent, `${done}/${total} ${relative(roots[0] ?? '', path)}`);
					}
				},
			});
			const bySeverity = { error: 0, warning: 0, info: 0 };
			let findings = 0;
			const skipped: Array<{ path: string; reason: string }> = [];
			for (const file of report.files) {
				const visible = { language: file.language, findings: file.findings, notices: file.notices, hasSyntaxErrors: false, skipped: file.skipped };
				if (file.skipped) {
					skipped.push({ path: file.relativePath, reason: file.skipped.message });
				}
				for (const f of visible.findings) {
					if (!f.suppression) {
						findings++;
						bySeverity[f.severity]++;
					}
				}
				const uri = pathToFileURL(file.path).toString();
				await this.connection.sendDiagnostics({ uri, diagnostics: analysisToDiagnostics(visible, uri) });
			}
			this.last = report;
			return { filesScanned: report.files.length - skipped.length, filesSkipped: skipped.length, findings, bySeverity, skipped: skipped.slice(0, 200) };
		} finally {
			progress.done();
		}
	}

	/** The SARIF log of the last scan (scanning first when there was none). */
	async exportSarif(root: string, roots: readonly string[]): Promise<string> {
		if (!this.last) {
			await this.scan(roots);
		}
		const engine = await this.engine;
		const report = this.last as ScanReport;
		return JSON.stringify(toSarif({ ...report, root }, { toolVersion: version, rules: engine.rules }), null, 2);
	}
}
