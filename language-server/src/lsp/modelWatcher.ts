import { promises as fs, unwatchFile, watchFile } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import type { Tree } from 'web-tree-sitter';
import { AnalysisStore } from '../../../src/core/store';
import { evaluateThreats } from '../engine/threats/evaluate';
import { evaluateFileText, threatsByFile } from '../engine/threats/evaluateFiles';
import { loadImportedModules, releaseModules } from '../engine/threats/imports';
import { analysisAuthor, withImplementedMitigations, withThreatMarkedMitigated, writeModel } from '../engine/threats/modelUpdates';
import { ThreatSourceParser } from '../engine/threats/sourceParser';
import { type LoadedThreatModel, loadThreatModel, stpaFile, threatModelFile } from '../engine/threats/threatModel';
import type { FileThreatResult, ThreatEvaluation } from '../engine/threats/types';
import type { LanguageId } from '../engine/types';
import type { MarkThreatMitigatedParams, MarkThreatMitigatedResult } from '../protocol/customMessages';
import type { OpenDocuments } from './openDocuments';
import { modelDiagnostics, type ModelTexts } from './threatDiagnostics';

const watchIntervalMs = 200;
const reloadDelayMs = 30;
const writeDelayMs = 250;
/** `FileChangeType.Changed` of `workspace/didChangeWatchedFiles` (1 created, 3 deleted). */
const fileChanged = 2;

/**
 * Loads the workspace's threat model and STPA-Sec graph from the store, watches both files, keeps
 * the evaluation of every anchored file (open documents from their live tree, others from disk) and
 * records mitigations found in code as a new store version.
 */
export class ThreatModelWatcher {
	private root: string | undefined;
	private store: AnalysisStore | undefined;
	private model: LoadedThreatModel | undefined;
	private texts: ModelTexts = {};
	private readonly results = new Map<string, FileThreatResult>();
	private modelDiags = new Map<string, Diagnostic[]>();
	private readonly parser = new ThreatSourceParser();
	private reloadTimer: NodeJS.Timeout | undefined;
	private writeTimer: NodeJS.Timeout | undefined;
	private loading: Promise<void> = Promise.resolve();
	private watched: string[] = [];

	constructor(
		private readonly documents: OpenDocuments,
		private readonly publish: (uri: string) => Promise<void>,
		private readonly warn: (message: string) => void,
	) {}

	/** Starts watching `<root>/.rampart` and loads the model. */
	start(root: string): Promise<void> {
		this.root = root;
		this.store = AnalysisStore.forWorkspace(root);
		for (const file of [threatModelFile, stpaFile]) {
			const path = join(root, '.rampart', file);
			watchFile(path, { interval: watchIntervalMs, persistent: false }, (curr, prev) => {
				if (curr.mtimeMs !== prev.mtimeMs || curr.size !== prev.size) {
					this.scheduleReload();
				}
			});
			this.watched.push(path);
		}
		return this.reload();
	}

	dispose(): void {
		this.watched.forEach((p) => unwatchFile(p));
		clearTimeout(this.reloadTimer);
		clearTimeout(this.writeTimer);
	}

	/** True for the model files (`workspace/didChangeWatchedFiles` calls this). */
	isModelUri(uri: string): boolean {
		return Object.values(this.modelUris()).includes(uri);
	}

	scheduleReload(): void {
		clearTimeout(this.reloadTimer);
		this.reloadTimer = setTimeout(() => {
			this.reload().catch((e: unknown) => this.warn(`Rampart: could not reload the threat model: ${String(e)}`));
		}, reloadDelayMs);
	}

	private modelUris(): { threatModel: string; stpa: string } {
		const dir = join(this.root ?? '.', '.rampart');
		return { threatModel: pathToFileURL(join(dir, threatModelFile)).toString(), stpa: pathToFileURL(join(dir, stpaFile)).toString() };
	}

	/** Workspace-relative path of a document, or undefined outside the root. */
	relativeOf(uri: string): string | undefined {
		if (!this.root || !uri.startsWith('file:')) {
			return undefined;
		}
		const rel = relative(this.root, fileURLToPath(uri));
		return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
	}

	private uriOf(rel: string): string {
		return pathToFileURL(join(this.root ?? '.', rel)).toString();
	}

	/** The threat evaluations of a document (empty when none is anchored in it). */
	evaluationsOf(uri: string): readonly ThreatEvaluation[] {
		const rel = this.relativeOf(uri);
		return (rel && this.results.get(rel)?.evaluations) || [];
	}

	/** Diagnostics of the model files themselves. */
	extraOf(uri: string): readonly Diagnostic[] {
		return this.modelDiags.get(uri) ?? [];
	}

	reload(): Promise<void> {
		this.loading = this.loading.catch(() => undefined).then(() => this.load());
		return this.loading;
	}

	/** A workspace file's text: the open document's, else the disk's (undefined outside the root or missing). */
	private readonly readWorkspaceFile = async (rel: string): Promise<string | undefined> => {
		if (!this.root) {
			return undefined;
		}
		const open = this.documents.get(this.uriOf(rel));
		return open ? open.document.getText() : fs.readFile(join(this.root, rel), 'utf8').catch(() => undefined);
	};

	/**
	 * Workspace files were created, changed, deleted or renamed (`workspace/didChangeWatchedFiles`):
	 * re-evaluates the model when one is an anchored file, a module an evaluation followed, or a
	 * new or deleted source file (it may be a missing anchor or an import that now resolves).
	 */
	filesChanged(changes: readonly { readonly uri: string; readonly type: number }[]): void {
		const anchored = new Set(this.model?.threats.map((t) => t.file) ?? []);
		const relevant = changes.some((c) => {
			const rel = this.relativeOf(c.uri);
			if (!rel || rel.startsWith('.rampart/') || !ThreatSourceParser.languageOf(rel)) {
				return false;
			}
			return anchored.has(rel) || this.followed.has(rel) || c.type !== fileChanged;
		});
		if (relevant) {
			this.scheduleReload();
		}
	}

	/** Modules the last evaluations followed (imported helpers), workspace-relative. */
	private readonly followed = new Set<string>();

	private noteFollowed(result: FileThreatResult): FileThreatResult {
		for (const e of result.evaluations) {
			if (e.evidence?.file) {
				this.followed.add(e.evidence.file);
			}
			if (e.violation?.at) {
				this.followed.add(e.violation.at.file);
			}
		}
		return result;
	}

	private async load(): Promise<void> {
		if (!this.store || !this.root) {
			return;
		}
		const model = await loadThreatModel(this.store);
		const dir = join(this.root, '.rampart');
		const read = (file: string) => fs.readFile(join(dir, file), 'utf8').catch(() => undefined);
		this.texts = { threatModel: await read(threatModelFile), stpa: await read(stpaFile) };
		this.model = model;
		const before = new Set(this.results.keys());
		this.results.clear();
		this.followed.clear();
		for (const [file, threats] of threatsByFile(model.threats)) {
			this.results.set(file, this.noteFollowed(await evaluateFileText(this.parser, file, await this.readWorkspaceFile(file), threats, this.readWorkspaceFile)));
		}
		this.refreshModelDiagnostics();
		const uris = new Set([...before, ...this.results.keys()].map((f) => this.uriOf(f)));
		Object.values(this.modelUris()).forEach((u) => uris.add(u));
		for (const uri of uris) {
			await this.publish(uri);
		}
		this.scheduleWrite();
	}

	/**
	 * Re-evaluates the threats of an open document from its fresh tree (and the workspace modules it
	 * imports); true when it has any. False too when the document moved on while modules were read.
	 */
	async evaluateOpen(uri: string, tree: Tree | undefined, language: LanguageId | undefined): Promise<boolean> {
		const rel = this.relativeOf(uri);
		const threats = rel ? this.model?.threats.filter((t) => t.file === rel) : undefined;
		if (!rel || !threats || threats.length === 0 || !tree || !language) {
			return false;
		}
		const doc = this.documents.get(uri);
		const version = doc?.document.version;
		const modules = await loadImportedModules(rel, language, tree.rootNode, this.parser, this.readWorkspaceFile);
		let result: FileThreatResult;
		try {
			const current = this.documents.get(uri);
			if (current !== doc || current?.tree !== tree || current?.document.version !== version) {
				return false; // A newer analysis of this document evaluates it.
			}
			result = this.noteFollowed(evaluateThreats({ file: rel, language, tree, modules }, threats));
		} finally {
			releaseModules(modules);
		}
		const previous = this.results.get(rel);
		this.results.set(rel, result);
		if (JSON.stringify(previous?.misses.map((m) => m.threat.id)) !== JSON.stringify(result.misses.map((m) => m.threat.id))) {
			this.refreshModelDiagnostics();
			for (const u of Object.values(this.modelUris())) {
				void this.publish(u);
			}
		}
		this.scheduleWrite();
		return true;
	}

	/** A closed document goes back to its text on disk. */
	async documentClosed(uri: string): Promise<void> {
		const rel = this.relativeOf(uri);
		const threats = rel ? this.model?.threats.filter((t) => t.file === rel) : undefined;
		if (rel && threats && threats.length > 0 && this.root) {
			this.results.set(rel, this.noteFollowed(await evaluateFileText(this.parser, rel, await fs.readFile(join(this.root, rel), 'utf8').catch(() => undefined), threats, this.readWorkspaceFile)));
			await this.publish(uri);
		}
	}

	private refreshModelDiagnostics(): void {
		if (!this.model) {
			return;
		}
		const uris = this.modelUris();
		const misses = [...this.results.values()].flatMap((r) => r.misses);
		const completeness = this.model.graph?.completeness() ?? [];
		const byFile = modelDiagnostics(this.model, this.texts, misses, completeness, { threatModel: threatModelFile, stpa: stpaFile });
		this.modelDiags = new Map([
			[uris.threatModel, byFile.get(threatModelFile) ?? []],
			[uris.stpa, byFile.get(stpaFile) ?? []],
		]);
	}

	/** Marks proposed mitigations implemented (a new version by "rampart analysis") once evidence is found. */
	private scheduleWrite(): void {
		clearTimeout(this.writeTimer);
		this.writeTimer = setTimeout(() => {
			this.loading = this.loading.catch(() => undefined).then(() => this.writeMitigations()).catch((e: unknown) => this.warn(`Rampart: could not record implemented mitigations: ${String(e)}`));
		}, writeDelayMs);
	}

	private async writeMitigations(): Promise<void> {
		const model = this.model;
		if (!model?.stpa || !this.store) {
			return;
		}
		const update = withImplementedMitigations(model.stpa, [...this.results.values()].flatMap((r) => r.evaluations));
		if (!update) {
			return;
		}
		await writeModel(this.store, { stpa: update.graph }, model.head, analysisAuthor, `Protection found in code: ${update.marked.join(', ')} implemented`);
		await this.load();
	}

	/** "Mark mitigated with justification": a new version by the user. */
	async markMitigated(params: MarkThreatMitigatedParams): Promise<MarkThreatMitigatedResult> {
		await this.loading.catch(() => undefined);
		const justification = params.justification.trim();
		if (!this.store || !this.model || justification === '') {
			return { ok: false, message: justification === '' ? 'A justification is required.' : 'No threat model is loaded.' };
		}
		const changes = withThreatMarkedMitigated(this.model.threatModel, this.model.stpa, params.threatId, justification);
		if (!changes) {
			return { ok: false, message: `${params.threatId} is not in the threat model.` };
		}
		const version = await writeModel(this.store, changes, this.model.head, { kind: 'user', name: 'vscode' }, `${params.threatId} marked mitigated: ${justification}`);
		await this.reload();
		return { ok: true, message: `${params.threatId} marked mitigated.`, version: version.id };
	}
}
