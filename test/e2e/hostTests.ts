/**
 * The in-host half of the end-to-end run: bundles test/e2e/suite to CJS and runs it with mocha
 * inside code-server's extension host, through the web `payload` URL parameter.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser } from 'playwright-core';
import type { HostTestResult } from './suite/index';
import type { CheckResult } from './uiChecks';

const suiteSource = join(__dirname, 'suite');

/** mocha's CommonJS entry: required by absolute path, so the bundle can live anywhere. */
function mochaEntry(): string {
	const root = dirname(require.resolve('mocha/package.json'));
	const cjs = join(root, 'lib', 'mocha.cjs');
	return existsSync(cjs) ? cjs : require.resolve('mocha');
}

/**
 * Bundles index.ts and every *.test.ts of an in-host suite (test/e2e/suite by default) into
 * `outDir` (vscode and mocha external).
 */
export async function bundleSuite(outDir: string, source: string = suiteSource): Promise<void> {
	rmSync(outDir, { recursive: true, force: true });
	mkdirSync(outDir, { recursive: true });
	const entryPoints = readdirSync(source)
		.filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
		.map((f) => join(source, f));
	const mocha = mochaEntry();
	await esbuild.build({
		entryPoints,
		outdir: outDir,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		logLevel: 'warning',
		external: ['vscode'],
		plugins: [
			{
				name: 'mocha-by-path',
				setup(build) {
					build.onResolve({ filter: /^mocha$/ }, () => ({ path: mocha, external: true }));
				},
			},
		],
	});
}

function argText(args: unknown): string {
	const list = Array.isArray(args) ? args : [args];
	return list.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
}

export interface HostRunOptions {
	readonly browser: Browser;
	/** code-server's base URL (`http://127.0.0.1:PORT`). */
	readonly url: string;
	readonly workspace: string;
	/** Absolute path of the extension folder to load as the development extension. */
	readonly extensionPath: string;
	/** Folder holding the bundled suite (index.js). */
	readonly suiteDir: string;
	readonly timeoutMs?: number;
	readonly log?: (line: string) => void;
}

/** Opens the workbench with the test payload, waits for `codeAutomationExit` and reads results.json. */
export async function runHostTests(options: HostRunOptions): Promise<CheckResult[]> {
	const started = Date.now();
	const authority = new URL(options.url).host;
	const remote = (path: string) => `vscode-remote://${authority}${path}`;
	const payload = [
		['extensionDevelopmentPath', remote(options.extensionPath)],
		['extensionTestsPath', remote(join(options.suiteDir, 'index.js'))],
	];
	const context = await options.browser.newContext({ viewport: { width: 1400, height: 900 } });
	const page = await context.newPage();
	const lines: string[] = [];
	let exitCode: number | undefined;
	try {
		const exited = new Promise<number>((resolve) => {
			void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
		});
		await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
			const text = argText(args);
			lines.push(`[${type}] ${text}`);
			if (text.includes('E2E-HOST')) {
				options.log?.(text.slice(text.indexOf('E2E-HOST')));
			}
		});
		const query = `folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
		await page.goto(`${options.url}/?${query}`);
		const timeoutMs = options.timeoutMs ?? 180_000;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<undefined>((resolve) => {
			timer = setTimeout(() => resolve(undefined), timeoutMs);
		});
		exitCode = await Promise.race([exited, timeout]);
		clearTimeout(timer);
	} finally {
		await page.goto('about:blank').catch(() => undefined);
		await context.close();
	}
	const resultsFile = join(options.suiteDir, 'results.json');
	if (!existsSync(resultsFile)) {
		const tail = lines.slice(-15).join('\n');
		const why = exitCode === undefined ? 'the extension host never called codeAutomationExit' : `exit code ${exitCode}, no results.json`;
		return [{ name: 'in-host mocha run', passed: false, durationMs: Date.now() - started, detail: `${why}\n${tail}` }];
	}
	const hostResults = JSON.parse(readFileSync(resultsFile, 'utf8')) as HostTestResult[];
	const results: CheckResult[] = hostResults.map((r) => ({
		name: `(e) in host: ${r.title}`,
		passed: r.passed,
		durationMs: r.durationMs,
		detail: r.error?.split('\n').slice(0, 4).join('\n'),
	}));
	if (exitCode !== (results.every((r) => r.passed) ? 0 : 1)) {
		results.push({ name: '(e) in host: exit code matches results', passed: false, durationMs: 0, detail: `codeAutomationExit(${String(exitCode)})` });
	}
	return results;
}
