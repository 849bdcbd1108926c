import { join, relative } from 'node:path';
import { addToBaseline, applyBaseline, type Baseline, defaultBaselinePath, loadBaseline, saveBaseline } from '../engine/baseline';
import { relativePathOf } from '../engine/scanFiles';
import type { AnalysisResult, Finding } from '../engine/types';

/**
 * The workspace's `.rampart/baseline.json`, loaded lazily. A corrupt baseline is reported once
 * and never overwritten: adding to it is refused until the user repairs or deletes it.
 */
export class BaselineService {
	private readonly cache = new Map<string, { baseline: Baseline } | { error: string }>();

	constructor(
		private readonly roots: () => readonly string[],
		private readonly warn: (message: string) => void,
	) {}

	rootOf(path: string): string | undefined {
		return this.roots().find((r) => {
			const rel = relative(r, path);
			return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/');
		});
	}

	/** The baseline of a root, or undefined when it is corrupt (the warning says why). */
	async forRoot(root: string): Promise<Baseline | undefined> {
		let entry = this.cache.get(root);
		if (!entry) {
			const loaded = await loadBaseline(join(root, defaultBaselinePath));
			entry = loaded.ok ? { baseline: loaded.baseline } : { error: loaded.error };
			if (!loaded.ok) {
				this.warn(`Rampart: ${loaded.error}`);
			}
			this.cache.set(root, entry);
		}
		return 'baseline' in entry ? entry.baseline : undefined;
	}

	invalidate(): void {
		this.cache.clear();
	}

	async apply(result: AnalysisResult, path: string): Promise<AnalysisResult> {
		const root = this.rootOf(path);
		if (!root || result.findings.length === 0) {
			return result;
		}
		const baseline = await this.forRoot(root);
		return baseline ? { ...result, findings: applyBaseline(result.findings, baseline, relativePathOf(root, path)) } : result;
	}

	/** Records findings of one file; returns an error message when the baseline cannot be written. */
	async add(path: string, findings: readonly Finding[]): Promise<string | undefined> {
		const root = this.rootOf(path);
		if (!root) {
			return 'The file is outside the workspace folders.';
		}
		const current = await this.forRoot(root);
		if (!current) {
			const entry = this.cache.get(root);
			return entry && 'error' in entry ? entry.error : 'The baseline could not be read.';
		}
		await saveBaseline(join(root, defaultBaselinePath), addToBaseline(current, findings, relativePathOf(root, path)));
		this.cache.delete(root);
		return undefined;
	}
}
