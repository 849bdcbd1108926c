import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addToBaseline, applyBaseline, type Baseline, loadBaseline, saveBaseline } from '../engine/baseline';
import type { AnalysisResult } from '../engine/types';

/** The workspace's `.rampart/baseline.json`, loaded lazily and re-read when it changes on disk. */
export class BaselineService {
	private cached: { root: string; baseline: Baseline | undefined } | undefined;

	constructor(
		private readonly roots: () => readonly string[],
		private readonly warn: (message: string) => void,
	) {}

	private rootOf(path: string): string | undefined {
		return this.roots().find((r) => !relative(r, path).startsWith('..'));
	}

	private async load(root: string): Promise<Baseline | undefined> {
		if (this.cached?.root === root) {
			return this.cached.baseline;
		}
		let baseline: Baseline | undefined;
		try {
			baseline = await loadBaseline(join(root, '.rampart', 'baseline.json'));
		} catch (error) {
			this.warn(`Rampart: ${(error as Error).message}`);
			baseline = undefined;
		}
		this.cached = { root, baseline };
		return baseline;
	}

	invalidate(): void {
		this.cached = undefined;
	}

	async apply(result: AnalysisResult, path: string): Promise<AnalysisResult> {
		const root = this.rootOf(path);
		const baseline = root ? await this.load(root) : undefined;
		if (!root || !baseline || result.findings.length === 0) {
			return result;
		}
		return { ...result, findings: applyBaseline(result.findings, baseline, relative(root, path)) };
	}

	/** Handles the add-to-baseline command; returns the document URI to re-analyse. */
	async addFromCommand(raw: unknown): Promise<string | undefined> {
		const args = raw as { uri?: unknown; fingerprint?: unknown; ruleId?: unknown } | undefined;
		if (typeof args?.uri !== 'string' || typeof args.fingerprint !== 'string' || typeof args.ruleId !== 'string') {
			return undefined;
		}
		const path = fileURLToPath(args.uri);
		const root = this.rootOf(path);
		if (!root) {
			return undefined;
		}
		const file = join(root, '.rampart', 'baseline.json');
		const current = (await this.load(root)) ?? { version: 1 as const, findings: [] };
		await saveBaseline(file, addToBaseline(current, { fingerprint: args.fingerprint, ruleId: args.ruleId, path: relative(root, path) }));
		this.invalidate();
		return args.uri;
	}
}
