import { execFileSync } from 'node:child_process';
import { repoRoot } from './fixtureCorpus';

let built = false;

/** The LSP, CLI and webview tests exercise the real bundles: build them once per test process. */
export function ensureBuilt(): void {
	if (built || process.env.RAMPART_SKIP_BUILD === '1') {
		return;
	}
	execFileSync(process.execPath, ['.esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
	built = true;
}
