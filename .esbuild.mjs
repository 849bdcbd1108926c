// Builds the bundles Rampart ships: extension host (plus its lazily loaded LLM runtime), language
// server, CLI and webviews.
// Usage: node .esbuild.mjs [--watch] [--dev]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev') || watch;
const outdir = 'dist';

/** Grammars the engine loads at run time; copied next to the bundles. */
const grammars = ['javascript', 'typescript', 'tsx', 'python'];

function copyWasm() {
	mkdirSync(outdir, { recursive: true });
	const grammarDir = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
	for (const g of grammars) {
		copyFileSync(join(grammarDir, `tree-sitter-${g}.wasm`), join(outdir, `tree-sitter-${g}.wasm`));
	}
	copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(outdir, 'web-tree-sitter.wasm'));
}

const base = {
	bundle: true,
	minify: !dev,
	sourcemap: dev ? 'linked' : false,
	logLevel: 'warning',
	legalComments: 'none',
};

const node = {
	...base,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	mainFields: ['module', 'main'],
	define: { 'import.meta.url': 'importMetaUrl' },
	banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
	{ ...node, entryPoints: { extension: 'src/vscode/extension.ts', llm: 'src/vscode/llmRuntime.ts' }, outdir, external: ['vscode', 'cpu-features', '*.node'] },
	{ ...node, entryPoints: { server: 'language-server/src/lsp/server.ts' }, outdir },
	// ssh2 (under dockerode) loads optional native addons inside try/catch; they stay outside the bundle.
	{ ...node, entryPoints: { cli: 'src/cli/main.ts', scanWorker: 'language-server/src/engine/scanWorker.ts' }, outdir, external: ['cpu-features', '*.node'] },
	{
		...base,
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		entryPoints: { chat: 'webview/src/chat/main.ts', canvas: 'webview/src/canvas/main.ts' },
		outdir: join(outdir, 'webview'),
	},
	{
		// The canvas's layout web worker (elkjs), started from the extension's own URI.
		...base,
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		entryPoints: { canvasLayoutWorker: 'webview/src/canvas/layoutWorker.ts' },
		outdir: join(outdir, 'webview'),
	},
];

copyWasm();
if (watch) {
	for (const options of builds) {
		const ctx = await esbuild.context(options);
		await ctx.watch();
	}
} else {
	await Promise.all(builds.map((options) => esbuild.build(options)));
}
