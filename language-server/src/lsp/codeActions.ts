import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Finding } from '../engine/types';
import type { FindingData } from './diagnostics';
import { AddToBaselineCommand, SuppressWithReasonCommand, type AddToBaselineArgs, type SuppressWithReasonArgs } from '../protocol/customMessages';

function isFindingData(value: unknown): value is FindingData {
	return typeof value === 'object' && value !== null && typeof (value as FindingData).ruleId === 'string' && typeof (value as FindingData).fingerprint === 'string';
}

/** The code actions of Rampart diagnostics: the rule's fix, suppress with a reason, add to baseline. */
export function codeActionsFor(document: TextDocument, diagnostics: readonly Diagnostic[], result: AnalysisResult, only?: readonly string[]): CodeAction[] {
	const wantsQuickFix = !only || only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(kind));
	if (!wantsQuickFix) {
		return [];
	}
	const actions: CodeAction[] = [];
	for (const diagnostic of diagnostics) {
		if (diagnostic.source !== 'rampart' || !isFindingData(diagnostic.data)) {
			continue;
		}
		const data = diagnostic.data;
		const finding = result.findings.find((f) => f.fingerprint === data.fingerprint && f.ruleId === data.ruleId);
		if (!finding) {
			continue;
		}
		if (finding.fix) {
			actions.push({
				title: `Rampart: ${finding.fix.title}`,
				kind: CodeActionKind.QuickFix,
				isPreferred: true,
				diagnostics: [diagnostic],
				edit: { changes: { [document.uri]: fixEdits(document, finding) } },
			});
		}
		const line = finding.range.start.line;
		const lineText = document.getText({ start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } });
		const suppress: SuppressWithReasonArgs = {
			uri: document.uri,
			line,
			ruleId: finding.ruleId,
			indent: /^\s*/.exec(lineText)?.[0] ?? '',
			commentPrefix: result.language === 'python' ? '#' : '//',
		};
		actions.push({
			title: `Rampart: suppress ${finding.ruleId} with a reason…`,
			kind: CodeActionKind.QuickFix,
			diagnostics: [diagnostic],
			command: { title: 'Suppress with reason', command: SuppressWithReasonCommand, arguments: [suppress] },
		});
		const baseline: AddToBaselineArgs = { uri: document.uri, fingerprint: finding.fingerprint, ruleId: finding.ruleId };
		actions.push({
			title: 'Rampart: add this finding to the baseline',
			kind: CodeActionKind.QuickFix,
			diagnostics: [diagnostic],
			command: { title: 'Add to baseline', command: AddToBaselineCommand, arguments: [baseline] },
		});
	}
	return actions;
}

export function fixEdits(document: TextDocument, finding: Finding): TextEdit[] {
	return (finding.fix?.edits ?? []).map((edit) => ({
		range: { start: document.positionAt(edit.startIndex), end: document.positionAt(edit.endIndex) },
		newText: edit.newText,
	}));
}
