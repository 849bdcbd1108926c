import * as vscode from 'vscode';
import type { FindingsSummary } from '../core/protocol/chatMessages';

/** Summarises the diagnostics the Rampart language server has published. */
export function summariseRampartDiagnostics(): FindingsSummary {
	let errors = 0;
	let warnings = 0;
	let infos = 0;
	let files = 0;
	const top: Array<FindingsSummary['top'][number] & { severity: number }> = [];
	for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
		const ours = diagnostics.filter((d) => d.source === 'rampart');
		if (ours.length === 0) {
			continue;
		}
		files++;
		for (const d of ours) {
			if (d.severity === vscode.DiagnosticSeverity.Error) {
				errors++;
			} else if (d.severity === vscode.DiagnosticSeverity.Warning) {
				warnings++;
			} else {
				infos++;
			}
			const ruleId = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
			top.push({ ruleId, message: d.message, file: vscode.workspace.asRelativePath(uri), line: d.range.start.line, severity: d.severity });
		}
	}
	top.sort((a, b) => a.severity - b.severity || a.file.localeCompare(b.file) || a.line - b.line);
	return { errors, warnings, infos, files, top: top.slice(0, 20).map(({ severity: _s, ...rest }) => rest) };
}
