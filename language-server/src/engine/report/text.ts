import type { ScanReport } from '../scanFiles';
import type { Finding, Severity } from '../types';

export interface TextOptions {
	readonly color: boolean;
	/** Also list findings hidden by inline suppressions or the baseline (default false). */
	readonly showSuppressed?: boolean;
	/** List skipped files one per line (default true). */
	readonly showSkipped?: boolean;
}

/** Colour only for a terminal, and never when `NO_COLOR` is set to something (no-color.org). */
export function shouldColor(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
	const noColor = env.NO_COLOR;
	return stream.isTTY === true && (noColor === undefined || noColor === '');
}

type Style = 'red' | 'yellow' | 'blue' | 'dim' | 'bold' | 'underline';
const codes: Record<Style, [number, number]> = { red: [31, 39], yellow: [33, 39], blue: [34, 39], dim: [2, 22], bold: [1, 22], underline: [4, 24] };

function painter(enabled: boolean): (style: Style, text: string) => string {
	return enabled ? (style, text) => `\u001b[${codes[style][0]}m${text}\u001b[${codes[style][1]}m` : (_style, text) => text;
}

const severityStyle: Record<Severity, Style> = { error: 'red', warning: 'yellow', info: 'blue' };

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Findings grouped by file, then one summary line. */
export function toText(report: ScanReport, options: TextOptions): string {
	const paint = painter(options.color);
	const lines: string[] = [];
	const width = Math.max(7, ...report.files.flatMap((f) => f.findings.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1}`.length)));
	for (const file of report.files) {
		const shown = file.findings.filter((f) => options.showSuppressed || !f.suppression);
		if (shown.length === 0) {
			continue;
		}
		lines.push(paint('underline', file.relativePath));
		for (const f of shown) {
			lines.push(findingLine(f, width, paint));
		}
		lines.push('');
	}
	if (options.showSkipped !== false) {
		const skipped = report.files.filter((f) => f.skipped);
		for (const file of skipped) {
			lines.push(paint('dim', `skipped ${file.relativePath}: ${file.skipped?.message ?? ''}`));
		}
		if (skipped.length > 0) {
			lines.push('');
		}
	}
	lines.push(summary(report, paint));
	return `${lines.join('\n')}\n`;
}

function findingLine(f: Finding, width: number, paint: (style: Style, text: string) => string): string {
	const position = `${f.range.start.line + 1}:${f.range.start.character + 1}`.padEnd(width);
	const severity = paint(severityStyle[f.severity], f.severity.padEnd(7));
	const suppressed = f.suppression ? paint('dim', ` (suppressed: ${f.suppression.kind === 'inline' ? f.suppression.justification : 'in baseline'})`) : '';
	const cwe = f.cwe.length > 0 ? ` CWE-${f.cwe.join(', CWE-')}` : '';
	return `  ${paint('dim', position)}  ${severity} ${f.message}  ${paint('dim', `${f.ruleId}${cwe}`)}${suppressed}`;
}

/** The one-line summary alone (the CLI prints it on stderr when the report goes to a file). */
export function summaryLine(report: ScanReport, color: boolean): string {
	return summary(report, painter(color));
}

function summary(report: ScanReport, paint: (style: Style, text: string) => string): string {
	const { stats } = report;
	const total = stats.findings.error + stats.findings.warning + stats.findings.info;
	const withFindings = report.files.filter((f) => f.findings.some((x) => !x.suppression)).length;
	const parts = [
		total === 0 ? 'No findings' : `${plural(total, 'finding')} (${plural(stats.findings.error, 'error')}, ${plural(stats.findings.warning, 'warning')}, ${stats.findings.info} info) in ${plural(withFindings, 'file')}`,
		`${plural(stats.analysed, 'file')} analysed`,
	];
	if (stats.suppressed > 0) {
		parts.push(`${stats.suppressed} suppressed`);
	}
	if (stats.skipped > 0) {
		parts.push(`${stats.skipped} skipped`);
	}
	const text = `${parts.join(', ')}.`;
	return paint('bold', total === 0 ? text : paint(stats.findings.error > 0 ? 'red' : 'yellow', text));
}
