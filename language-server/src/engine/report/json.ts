import type { ScanReport } from '../scanFiles';
import type { Finding, Range } from '../types';

/** One-based line and column, as people and most tools count them. */
interface JsonRange {
	readonly startLine: number;
	readonly startColumn: number;
	readonly endLine: number;
	readonly endColumn: number;
}

function jsonRange(range: Range): JsonRange {
	return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function jsonFinding(f: Finding): Record<string, unknown> {
	return {
		ruleId: f.ruleId,
		vulnClass: f.vulnClass,
		severity: f.severity,
		precision: f.precision,
		message: f.message,
		cwe: [...f.cwe],
		owasp: f.owasp,
		range: jsonRange(f.range),
		lineText: f.lineText,
		fingerprint: f.fingerprint,
		...(f.taint ? { taint: f.taint.map((s) => ({ range: jsonRange(s.range), message: s.message })) } : {}),
		...(f.fix ? { fix: { title: f.fix.title } } : {}),
		...(f.suppression ? { suppression: { kind: f.suppression.kind, justification: f.suppression.justification } } : {}),
	};
}

/**
 * The scan as JSON for scripts: fixed key order, files sorted by path, paths relative to the
 * root, no timings, so two scans of the same tree give the same bytes.
 */
export function toJson(report: ScanReport, toolVersion: string): string {
	const { stats } = report;
	const doc = {
		tool: { name: 'Rampart', version: toolVersion },
		formatVersion: 1,
		summary: {
			files: stats.files,
			analysed: stats.analysed,
			skipped: stats.skipped,
			findings: { error: stats.findings.error, warning: stats.findings.warning, info: stats.findings.info },
			suppressed: stats.suppressed,
		},
		files: report.files.map((file) => ({
			path: file.relativePath,
			...(file.language ? { language: file.language } : {}),
			...(file.skipped ? { skipped: { reason: file.skipped.reason, message: file.skipped.message } } : {}),
			findings: file.findings.map(jsonFinding),
			notices: file.notices.map((n) => ({ code: n.code, message: n.message, range: jsonRange(n.range) })),
		})),
	};
	return `${JSON.stringify(doc, null, 2)}\n`;
}
