/**
 * Rampart's own LSP messages, declared once and imported by both the language server
 * (language-server/src/lsp) and the extension's language client (src/vscode).
 */
import { ProtocolRequestType0, ProtocolRequestType } from 'vscode-languageserver-protocol';

/** Summary of a workspace scan, returned by {@link ScanWorkspaceRequest}. */
export interface ScanSummary {
	readonly filesScanned: number;
	readonly filesSkipped: number;
	readonly findings: number;
	readonly bySeverity: Readonly<Record<'error' | 'warning' | 'info', number>>;
	readonly skipped: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
}

/** Client → server: scan every supported file of the workspace folders, reporting progress. */
export namespace ScanWorkspaceRequest {
	export const method = 'rampart/scanWorkspace' as const;
	export const type = new ProtocolRequestType0<ScanSummary, never, void, void>(method);
}

export interface ExportSarifParams {
	/** Workspace-relative paths are written into the log relative to this folder URI. */
	readonly rootUri: string;
}

/** Client → server: the SARIF 2.1.0 log (as JSON text) of the findings of the last workspace scan. */
export namespace ExportSarifRequest {
	export const method = 'rampart/exportSarif' as const;
	export const type = new ProtocolRequestType<ExportSarifParams, string, never, void, void>(method);
}

/** Command the server's "Show rule help" action asks the client to run. */
export const ShowRuleHelpCommand = 'rampart.showRuleHelp';

/** Client-side command (it asks the user for the reason): inserts a `rampart-ignore` comment. */
export const SuppressWithReasonCommand = 'rampart.suppressWithReason';
export interface SuppressWithReasonArgs {
	readonly uri: string;
	/** Zero-based line of the finding; the comment goes on the line above. */
	readonly line: number;
	readonly ruleId: string;
	readonly indent: string;
	readonly commentPrefix: '#' | '//';
}

/** Server-side command: records a finding's fingerprint in `.rampart/baseline.json`. */
export const AddToBaselineCommand = 'rampart.addToBaseline';
export interface AddToBaselineArgs {
	readonly uri: string;
	readonly fingerprint: string;
	readonly ruleId: string;
}

/** Data a threat-model diagnostic carries back to the server in code-action requests. */
export interface ThreatDiagnosticData {
	readonly threatId: string;
	readonly kind?: string;
}

/**
 * Client command (registered by the trace canvas) that opens the canvas on a node; with
 * `mode: 'trace'` it highlights the node's trace up to the stakeholder requirements.
 */
export const OpenTraceCanvasCommand = 'rampart.openTraceCanvas';
export interface OpenTraceCanvasArgs {
	readonly nodeId: string;
	readonly mode?: 'trace';
}

/** Client command: asks the user for a justification, then sends {@link MarkThreatMitigatedRequest}. */
export const MarkThreatMitigatedCommand = 'rampart.markThreatMitigated';
export interface MarkThreatMitigatedArgs {
	readonly threatId: string;
	readonly title: string;
}

/** Client command: hands a threat whose protection is missing to the chat agent. */
export const AskToAddProtectionCommand = 'rampart.askToAddProtection';
export interface AskToAddProtectionArgs {
	readonly threatId: string;
	readonly title: string;
	readonly cwe?: string;
	readonly protection: string;
	/** Workspace-relative file and the anchored function. */
	readonly file: string;
	readonly function: string;
	readonly uri: string;
	/** The diagnostic's text: what is missing and where. */
	readonly finding: string;
}

export interface MarkThreatMitigatedParams {
	readonly threatId: string;
	readonly justification: string;
}

export interface MarkThreatMitigatedResult {
	readonly ok: boolean;
	readonly message: string;
	/** The new store version, when written. */
	readonly version?: string;
}

/** Client → server: records a threat as mitigated with the user's justification (a new store version). */
export namespace MarkThreatMitigatedRequest {
	export const method = 'rampart/markThreatMitigated' as const;
	export const type = new ProtocolRequestType<MarkThreatMitigatedParams, MarkThreatMitigatedResult, never, void, void>(method);
}
