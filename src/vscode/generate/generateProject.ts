// "Rampart: Generate Secure Project" in VS Code: the pipeline on the first workspace folder with the
// active provider profile (secrets redacted before sending), files written through the VS Code
// workspace port, progress in a notification with Cancel and as stage lines in the chat view.
import * as vscode from 'vscode';
import { SecretRedactingChatModel } from '../../core/llm/secretRedaction';
import { runPipeline, type PipelineResult } from '../../core/pipeline/pipelineRunner';
import type { StageView } from '../../core/protocol/chatMessages';
import { SecurityEngine } from '../../../language-server/src/engine/securityEngine';
import { VscodeWorkspace } from '../agent/vscodeWorkspace';
import { activeProfile, chatModelFor, profileReady } from '../llmRuntime';

export interface GenerateArgs {
	readonly prompt: string;
	readonly threatModel?: 'simple' | 'full';
	/** A folder inside the workspace to generate into (created if missing); default: the workspace root. */
	readonly outDir?: string;
}

export interface GenerateOutcome {
	readonly result?: PipelineResult;
	readonly error?: string;
}

let engine: Promise<SecurityEngine> | undefined;

export async function generateProject(args: GenerateArgs, secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, stage: (view: StageView) => void): Promise<GenerateOutcome> {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder || folder.uri.scheme !== 'file') {
		return { error: 'Open a folder first: the project is generated into the workspace folder.' };
	}
	if (!vscode.workspace.isTrusted) {
		return { error: 'Generation writes files, so it needs a trusted workspace.' };
	}
	let target = folder.uri;
	if (args.outDir) {
		const parts = args.outDir.split(/[\\/]+/).filter((p) => p.length > 0 && p !== '.');
		if (parts.length === 0 || parts.some((p) => p === '..' || p.includes('\0')) || /^([a-zA-Z]:|[\\/])/.test(args.outDir)) {
			return { error: `The output folder must be a relative folder inside the workspace (got "${args.outDir}").` };
		}
		target = vscode.Uri.joinPath(folder.uri, ...parts);
		await vscode.workspace.fs.createDirectory(target);
	}
	const profile = activeProfile();
	if (!profile) {
		return { error: 'The active provider profile does not exist. Run "Rampart: Select Model".' };
	}
	if (!(await profileReady(secrets, profile))) {
		return { error: `No API key is stored for the "${profile.id}" profile. Run "Rampart: Set API Key".` };
	}
	const model = new SecretRedactingChatModel(await chatModelFor(profile, secrets, log), { onRedaction: (s) => log.info(`${s.total} secret(s) redacted before sending`) });
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Rampart: generating', cancellable: true }, async (progress, token) => {
		const controller = new AbortController();
		token.onCancellationRequested(() => controller.abort());
		let current: StageView | undefined;
		try {
			const result = await runPipeline({
				prompt: args.prompt,
				root: target.fsPath,
				model,
				workspace: new VscodeWorkspace(target),
				engine: () => (engine ??= SecurityEngine.create()),
				threatModel: args.threatModel,
				signal: controller.signal,
				onProgress: (p) => {
					if (current && current.stage !== p.stage) {
						stage({ ...current, state: 'done' });
					}
					current = { stage: p.stage, state: 'running', step: p.step, file: p.file };
					stage(current);
					progress.report({ message: `${p.stage}: ${p.step}${p.file ? ` · ${p.file}` : ''}` });
					log.info(`${p.stage}: ${p.step}${p.file ? ` ${p.file}` : ''}`);
				},
			});
			if (current) {
				stage({ ...current, state: 'done' });
			}
			return { result };
		} catch (error) {
			const message = controller.signal.aborted ? 'Generation was cancelled; written files are whole and a re-run resumes.' : error instanceof Error ? error.message : String(error);
			if (current) {
				stage({ ...current, state: 'failed', step: message.slice(0, 200) });
			}
			log.error(`generation failed: ${message}`);
			return { error: message };
		}
	});
}

export function describeOutcome(result: PipelineResult): string {
	const files = result.files.map((f) => `- ${f.path}: ${f.status}${f.rounds > 1 ? ` after ${f.rounds} rounds (findings ${f.findingsPerRound.join(' → ')})` : ''}`);
	return [
		`Generated ${result.files.filter((f) => f.status === 'written').length} file(s); stages run: ${result.ran.join(', ') || 'none'}${result.skipped.length ? `, already stored: ${result.skipped.join(', ')}` : ''}.`,
		...files,
		result.completeness.length ? `Completeness problems: ${result.completeness.join('; ')}` : 'Every mitigation traces to a stakeholder requirement.',
	].join('\n');
}
