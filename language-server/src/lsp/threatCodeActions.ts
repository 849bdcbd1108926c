import { type CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver';
import type { ThreatEvaluation } from '../engine/threats/types';
import {
	AskToAddProtectionCommand,
	type AskToAddProtectionArgs,
	MarkThreatMitigatedCommand,
	type MarkThreatMitigatedArgs,
	OpenTraceCanvasCommand,
	type OpenTraceCanvasArgs,
	type ThreatDiagnosticData,
} from '../protocol/customMessages';

const isThreatData = (v: unknown): v is ThreatDiagnosticData => typeof v === 'object' && v !== null && typeof (v as ThreatDiagnosticData).threatId === 'string';

/** Code actions of threat diagnostics: show the trace, mark mitigated with a justification, ask the agent. */
export function threatCodeActions(uri: string, diagnostics: readonly Diagnostic[], evaluations: readonly ThreatEvaluation[], only?: readonly string[]): CodeAction[] {
	if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind) || kind === CodeActionKind.QuickFix)) {
		return [];
	}
	const actions: CodeAction[] = [];
	for (const d of diagnostics) {
		if (d.source !== 'rampart' || !isThreatData(d.data)) {
			continue;
		}
		const threatId = d.data.threatId;
		const e = evaluations.find((x) => x.threat.id === threatId);
		const trace: OpenTraceCanvasArgs = { nodeId: threatId, mode: 'trace' };
		actions.push({ title: `Rampart: Show trace to stakeholder requirements (${threatId})`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: 'Show trace', command: OpenTraceCanvasCommand, arguments: [trace] } });
		if (!e) {
			continue;
		}
		const mark: MarkThreatMitigatedArgs = { threatId, title: e.threat.title };
		actions.push({ title: `Rampart: Mark ${threatId} mitigated with justification…`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: 'Mark mitigated', command: MarkThreatMitigatedCommand, arguments: [mark] } });
		if (e.verdict === 'missing') {
			const ask: AskToAddProtectionArgs = {
				threatId,
				title: e.threat.title,
				...(e.threat.cwe ? { cwe: e.threat.cwe } : {}),
				protection: e.protection,
				file: e.threat.file,
				function: e.threat.function,
				uri,
				finding: e.message,
			};
			actions.push({ title: `Rampart: Ask Rampart to add this protection (${e.protection})`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: 'Ask Rampart', command: AskToAddProtectionCommand, arguments: [ask] } });
		}
	}
	return actions;
}
