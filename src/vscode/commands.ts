import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportSarifRequest, ScanWorkspaceRequest, SuppressWithReasonCommand, type SuppressWithReasonArgs } from '../../language-server/src/protocol/customMessages';
import type { ChatViewProvider } from './chatViewProvider';
import { type SelectModelArgs, selectModel, setApiKey, type SetApiKeyArgs } from './modelCommands';
import { loadLlmRuntime, type LlmRuntime } from './llmLoader';

/** Registers every `rampart.*` command of the manifest. */
export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, chat: ChatViewProvider): void {
	const register = (id: string, run: () => Promise<unknown>) =>
		context.subscriptions.push(vscode.commands.registerCommand(id, run));

	register('rampart.scanWorkspace', () => scanWorkspace(client, chat));
	register('rampart.exportSarif', () => exportSarif(client));
	context.subscriptions.push(
		vscode.commands.registerCommand('rampart.setApiKey', (args?: SetApiKeyArgs) => setApiKey(context.secrets, args)),
		vscode.commands.registerCommand('rampart.selectModel', (args?: SelectModelArgs) => selectModel(args)),
	);
	context.subscriptions.push(vscode.commands.registerCommand('rampart.generateSecureProject', (args?: LlmRuntime.GenerateArgs) => generateSecureProject(context.secrets, chat, args)));
	context.subscriptions.push(vscode.commands.registerCommand(SuppressWithReasonCommand, (args: SuppressWithReasonArgs) => suppressWithReason(args)));
	register('rampart.showRuleHelp', async () => vscode.env.openExternal(vscode.Uri.parse('https://github.com/rampart-dev/rampart/blob/main/docs/rules.md')));
}

async function scanWorkspace(client: LanguageClient, chat: ChatViewProvider): Promise<void> {
	chat.post({ type: 'status', text: 'Scanning workspace…', busy: true });
	try {
		const summary = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: 'Rampart: scanning workspace', cancellable: false },
			() => client.sendRequest(ScanWorkspaceRequest.type),
		);
		const text = `Scanned ${summary.filesScanned} files: ${summary.findings} findings (${summary.bySeverity.error} errors, ${summary.bySeverity.warning} warnings, ${summary.bySeverity.info} info), ${summary.filesSkipped} skipped.`;
		chat.post({ type: 'status', text, busy: false });
		void vscode.window.showInformationMessage(`Rampart: ${text}`);
	} catch (error) {
		chat.post({ type: 'status', text: 'Scan failed.', busy: false });
		void vscode.window.showErrorMessage(`Rampart: workspace scan failed: ${String(error)}`);
	}
}

async function exportSarif(client: LanguageClient): Promise<void> {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder) {
		void vscode.window.showWarningMessage('Rampart: open a folder to export its findings.');
		return;
	}
	const sarif = await client.sendRequest(ExportSarifRequest.type, { rootUri: folder.uri.toString() });
	const target = await vscode.window.showSaveDialog({
		defaultUri: vscode.Uri.joinPath(folder.uri, 'rampart.sarif'),
		filters: { SARIF: ['sarif', 'json'] },
	});
	if (!target) {
		return;
	}
	await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(sarif));
	void vscode.window.showInformationMessage(`Rampart: SARIF written to ${vscode.workspace.asRelativePath(target)}.`);
}

/** "Rampart: Generate Secure Project": asks for the intent (or takes `args.prompt`) and runs the pipeline. */
async function generateSecureProject(secrets: vscode.SecretStorage, chat: ChatViewProvider, args?: LlmRuntime.GenerateArgs): Promise<LlmRuntime.GenerateOutcome | undefined> {
	const prompt =
		args?.prompt ??
		(await vscode.window.showInputBox({
			title: 'Rampart: what should the project do?',
			placeHolder: 'e.g. A small Express API with login and a notes endpoint',
			ignoreFocusOut: true,
			validateInput: (value) => (value.trim().length < 10 ? 'Describe the project in a sentence or more.' : undefined),
		}));
	if (!prompt?.trim()) {
		return undefined;
	}
	generateLog ??= vscode.window.createOutputChannel('Rampart Generate', { log: true });
	const llm = loadLlmRuntime();
	chat.post({ type: 'chatEntry', role: 'user', text: `/generate ${prompt}` });
	chat.post({ type: 'busy', busy: true });
	try {
		const outcome = await llm.generateProject({ ...args, prompt }, secrets, generateLog, (stage) => chat.post({ type: 'stage', stage }));
		chat.post({ type: 'chatEntry', role: outcome.error ? 'notice' : 'assistant', text: outcome.error ? `Generation stopped: ${outcome.error}` : llm.describeOutcome(outcome.result!) });
		if (outcome.error && !args) {
			void vscode.window.showErrorMessage(`Rampart: ${outcome.error}`);
		}
		return outcome;
	} finally {
		chat.post({ type: 'busy', busy: false });
	}
}

let generateLog: vscode.LogOutputChannel | undefined;

/** Inserts `rampart-ignore: <rule> <reason>` above the finding; the reason is required. */
async function suppressWithReason(args: SuppressWithReasonArgs): Promise<void> {
	const reason = await vscode.window.showInputBox({
		title: `Rampart: why is ${args.ruleId} safe here?`,
		prompt: 'The reason is stored in the comment and in SARIF reports.',
		validateInput: (value) => (value.trim().length < 3 ? 'Give a reason (at least 3 characters).' : undefined),
	});
	if (!reason) {
		return;
	}
	const edit = new vscode.WorkspaceEdit();
	const comment = `${args.indent}${args.commentPrefix} rampart-ignore: ${args.ruleId} ${reason.trim().replace(/[\r\n]+/g, ' ')}\n`;
	edit.insert(vscode.Uri.parse(args.uri), new vscode.Position(args.line, 0), comment);
	await vscode.workspace.applyEdit(edit);
}
