import { fileURLToPath } from 'node:url';
import {
	type CodeActionParams,
	type Connection,
	DidChangeConfigurationNotification,
	DidChangeWatchedFilesNotification,
	type InitializeParams,
	type InitializeResult,
	TextDocumentSyncKind,
} from 'vscode-languageserver';
import { languageOfEditorId } from '../engine/languages';
import { SecurityEngine } from '../engine/securityEngine';
import { ThreatSourceParser } from '../engine/threats/sourceParser';
import type { AnalysisResult } from '../engine/types';
import { AddToBaselineCommand, type AddToBaselineArgs, ExportSarifRequest, MarkThreatMitigatedRequest, ScanWorkspaceRequest } from '../protocol/customMessages';
import { BaselineService } from './baselineService';
import { codeActionsFor } from './codeActions';
import { analysisToDiagnostics } from './diagnostics';
import { type OpenDocument, OpenDocuments } from './openDocuments';
import { ThreatModelWatcher } from './modelWatcher';
import { defaultSettings, parseSettings, type ServerSettings } from './settings';
import { threatCodeActions } from './threatCodeActions';
import { threatCodeLenses } from './threatCodeLens';
import { DiagnosticsHub } from './threatDiagnostics';
import { threatHover } from './threatHover';
import { WorkspaceScanner } from './workspaceScanner';

/** Source files the threat model can anchor to or follow imports into. */
const sourceFilesGlob = '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts,py}';

/**
 * Wires the Rampart language server onto a connection: incremental analysis of open
 * documents with a debounce, code actions, workspace scans with progress and SARIF export.
 */
export function startServer(connection: Connection): void {
	const documents = new OpenDocuments();
	const results = new Map<string, AnalysisResult>();
	let settings: ServerSettings = defaultSettings;
	let roots: string[] = [];
	let supportsConfiguration = false;
	let supportsWatchedFilesRegistration = false;
	const enginePromise = SecurityEngine.create();
	const baseline = new BaselineService(() => roots, (message) => connection.console.warn(message));
	// Threat-model findings share each URI's diagnostics with SAST findings: both go out through the hub.
	const hub: DiagnosticsHub = new DiagnosticsHub(connection, (uri) => ({ evaluations: threats.evaluationsOf(uri), extra: threats.extraOf(uri) }));
	const threats: ThreatModelWatcher = new ThreatModelWatcher(documents, (uri) => hub.publish(uri), (message) => connection.console.warn(message));
	const scanner = new WorkspaceScanner(hub.routed(), enginePromise, () => settings, baseline);

	connection.onInitialize((params: InitializeParams): InitializeResult => {
		roots = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
		if (roots.length === 0 && params.rootUri) {
			roots = [fileURLToPath(params.rootUri)];
		}
		supportsConfiguration = !!params.capabilities.workspace?.configuration;
		supportsWatchedFilesRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
		return {
			capabilities: {
				textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
				codeActionProvider: { codeActionKinds: ['quickfix'] },
				hoverProvider: true,
				codeLensProvider: { resolveProvider: false },
				executeCommandProvider: { commands: [AddToBaselineCommand] },
			},
			serverInfo: { name: 'rampart-language-server' },
		};
	});

	connection.onInitialized(async () => {
		if (supportsConfiguration) {
			await connection.client.register(DidChangeConfigurationNotification.type, { section: 'rampart' });
			await refreshSettings();
		}
		if (supportsWatchedFilesRegistration) {
			// Source files appearing, changing or going away re-evaluate the threat model (anchors, imported helpers).
			await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: sourceFilesGlob }] }).catch((error: unknown) => connection.console.warn(`Rampart: could not watch source files: ${String(error)}`));
		}
		if (roots.length > 0) {
			threats.start(roots[0] as string).catch((error: unknown) => connection.console.error(`Rampart: could not load the threat model: ${String(error)}`));
			// The start-up scan runs in the background; open documents are analysed meanwhile.
			scanner.scan(roots).catch((error: unknown) => connection.console.error(`Rampart: start-up scan failed: ${String(error)}`));
		}
	});

	async function refreshSettings(): Promise<void> {
		if (!supportsConfiguration) {
			return;
		}
		try {
			settings = parseSettings(await connection.workspace.getConfiguration('rampart'));
		} catch (error) {
			connection.console.warn(`Rampart: could not read settings, using defaults: ${String(error)}`);
		}
	}

	connection.onDidChangeConfiguration(async (change) => {
		if (supportsConfiguration) {
			await refreshSettings();
		} else {
			settings = parseSettings((change.settings as { rampart?: unknown } | undefined)?.rampart);
		}
		for (const doc of documents.all()) {
			schedule(doc, 0);
		}
	});

	connection.onDidOpenTextDocument((params) => {
		const doc = documents.open(params.textDocument.uri, params.textDocument.languageId, params.textDocument.version, params.textDocument.text);
		schedule(doc, 0);
	});

	connection.onDidChangeTextDocument((params) => {
		const doc = documents.change(params.textDocument.uri, params.textDocument.version, params.contentChanges);
		if (doc) {
			schedule(doc, settings.debounceMs);
		}
	});

	connection.onDidCloseTextDocument((params) => {
		documents.close(params.textDocument.uri);
		results.delete(params.textDocument.uri);
		threats.documentClosed(params.textDocument.uri).catch((error: unknown) => connection.console.warn(`Rampart: ${String(error)}`));
	});

	function schedule(doc: OpenDocument, delay: number): void {
		clearTimeout(doc.timer);
		doc.timer = setTimeout(() => {
			doc.timer = undefined;
			analyse(doc).catch((error: unknown) => connection.console.error(`Rampart: analysis of ${doc.document.uri} failed: ${String(error)}`));
		}, delay);
	}

	async function analyse(doc: OpenDocument): Promise<void> {
		const engine = await enginePromise;
		const { document } = doc;
		let path: string;
		try {
			path = fileURLToPath(document.uri);
		} catch {
			path = document.uri;
		}
		const language = languageOfEditorId(document.languageId, path);
		const result = engine.analyze(
			path,
			document.getText(),
			{
				limits: { maxBytes: settings.maxFileSizeKb * 1024 },
				parseTimeoutMs: settings.parseTimeoutMs,
				inlineSuppressions: settings.inlineSuppressions,
				minimumPrecision: settings.minimumPrecision,
				oldTree: doc.tree,
				keepTree: true,
				incremental: true,
			},
			language,
		);
		if (documents.get(document.uri) !== doc || doc.document.version !== document.version) {
			result.tree?.delete();
			return; // A newer version is on its way; its analysis will publish.
		}
		documents.replaceTree(doc, result.tree);
		await threats.evaluateOpen(document.uri, result.tree, result.language);
		if (documents.get(document.uri) !== doc || doc.document.version !== document.version) {
			return; // Changed while imported modules were read: the newer analysis publishes.
		}
		const visible = settings.useBaseline ? await baseline.apply(result, path) : result;
		results.set(document.uri, visible);
		await hub.publishSast({ uri: document.uri, version: document.version, diagnostics: analysisToDiagnostics(visible, document.uri) });
	}

	connection.onCodeAction((params: CodeActionParams) => {
		const doc = documents.get(params.textDocument.uri);
		const result = results.get(params.textDocument.uri);
		const threatActions = threatCodeActions(params.textDocument.uri, params.context.diagnostics, threats.evaluationsOf(params.textDocument.uri), params.context.only);
		if (!doc || !result) {
			return threatActions;
		}
		return [...codeActionsFor(doc.document, params.context.diagnostics, result, params.context.only), ...threatActions];
	});

	connection.onHover((params) => threatHover(threats.evaluationsOf(params.textDocument.uri), params.position) ?? null);
	connection.onCodeLens((params) => threatCodeLenses(threats.evaluationsOf(params.textDocument.uri)));
	connection.onRequest(MarkThreatMitigatedRequest.type, (params) => threats.markMitigated(params));

	connection.onExecuteCommand(async (params) => {
		if (params.command !== AddToBaselineCommand) {
			return;
		}
		const args = params.arguments?.[0] as Partial<AddToBaselineArgs> | undefined;
		const result = typeof args?.uri === 'string' ? results.get(args.uri) : undefined;
		const findings = result?.findings.filter((f) => f.fingerprint === args?.fingerprint && f.ruleId === args?.ruleId) ?? [];
		if (!args?.uri || findings.length === 0) {
			connection.window.showWarningMessage('Rampart: that finding is no longer reported; nothing was added to the baseline.');
			return;
		}
		const error = await baseline.add(fileURLToPath(args.uri), findings);
		if (error) {
			connection.window.showErrorMessage(`Rampart: could not add to the baseline: ${error}`);
			return;
		}
		for (const doc of documents.all()) {
			schedule(doc, 0);
		}
	});

	connection.onDidChangeWatchedFiles((params) => {
		if (params.changes.some((c) => threats.isModelUri(c.uri))) {
			threats.scheduleReload();
		}
		const isSource = (uri: string) => !threats.isModelUri(uri) && ThreatSourceParser.languageOf(uri.replace(/[?#].*$/, '')) !== undefined;
		threats.filesChanged(params.changes.filter((c) => isSource(c.uri)));
		if (params.changes.every((c) => isSource(c.uri))) {
			return; // Source files only: open documents are analysed from their own text.
		}
		baseline.invalidate();
		for (const doc of documents.all()) {
			schedule(doc, 0);
		}
	});

	connection.onRequest(ScanWorkspaceRequest.type, async () => {
		const summary = await scanner.scan(roots);
		// Files may have appeared since the model was evaluated: anchors and imported helpers are resolved again.
		await threats.reload();
		for (const doc of documents.all()) {
			schedule(doc, 0); // Live analysis of open documents wins over the on-disk scan.
		}
		return summary;
	});

	connection.onRequest(ExportSarifRequest.type, async (params) => scanner.exportSarif(fileURLToPath(params.rootUri), roots));

	connection.listen();
}
