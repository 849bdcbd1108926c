import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { ruleHelpUri } from '../engine/report/sarif';
import type { AnalysisResult, Finding, Severity } from '../engine/types';


/** What a diagnostic carries back to the server in code-action requests. */
export interface FindingData {
	readonly ruleId: string;
	readonly fingerprint: string;
	readonly hasFix: boolean;
}

const severities: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	info: DiagnosticSeverity.Information,
};

export function findingToDiagnostic(finding: Finding, uri: string): Diagnostic {
	const data: FindingData = { ruleId: finding.ruleId, fingerprint: finding.fingerprint, hasFix: !!finding.fix };
	return {
		range: finding.range,
		severity: severities[finding.severity],
		source: 'rampart',
		code: finding.ruleId,
		codeDescription: { href: ruleHelpUri(finding.ruleId) },
		message: `${finding.message} [CWE-${finding.cwe.join(', CWE-')}]`,
		relatedInformation: finding.taint?.map((step) => ({ location: { uri, range: step.range }, message: step.message })),
		data,
	};
}

/** Every diagnostic of one analysed document: unsuppressed findings, notices and the skip reason. */
export function analysisToDiagnostics(result: AnalysisResult, uri: string): Diagnostic[] {
	if (result.skipped) {
		if (result.skipped.reason === 'unsupported') {
			return [];
		}
		return [
			{
				range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
				severity: DiagnosticSeverity.Information,
				source: 'rampart',
				code: `rampart.skipped.${result.skipped.reason}`,
				message: result.skipped.message,
			},
		];
	}
	const diagnostics = result.findings.filter((f) => !f.suppression).map((f) => findingToDiagnostic(f, uri));
	for (const notice of result.notices) {
		diagnostics.push({ range: notice.range, severity: DiagnosticSeverity.Warning, source: 'rampart', code: notice.code, message: notice.message });
	}
	return diagnostics;
}
