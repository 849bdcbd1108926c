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
