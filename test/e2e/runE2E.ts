/**
 * End-to-end run: node --import tsx test/e2e/runE2E.ts [--vsix file.vsix] [--skip-build]
 *
 * Packages the VSIX, installs it into a fresh code-server (VS Code 1.100 from npm), opens the
 * fixture workspace in headless Debian chromium, checks the workbench UI (screenshots in
 * test-results/e2e/) and runs the in-host mocha suite. Prints one line per check and finally
 * `E2E-RESULT {"passed":N,"failed":M}`; exits non-zero when anything failed.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type LaunchedChromium, launchChromium } from '../support/browser';
import { CodeServer } from './codeServer';
import { bundleSuite, runHostTests } from './hostTests';
import { runQuickFixChecks } from './quickFixCheck';
import { prepareCanvasWorkspace, runCanvasChecks } from './canvasChecks';
import { runChatChecks } from './chatChecks';
import { runGenerateChecks } from './generateChecks';
import { prepareThreatWorkspace, runThreatChecks } from './threatChecks';
import { type CheckResult, extensionId, runUiChecks } from './uiChecks';

const repoRoot = join(__dirname, '..', '..');
const outDir = join(repoRoot, 'test-results', 'e2e');
const started = Date.now();

function log(line: string): void {
	console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);
}

/** Runs a node script of the repo, echoing its output unless `echo` is false; resolves with its stdout. */
export function runNodeScript(script: string, args: readonly string[], echo = true): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, [join(repoRoot, script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			if (echo) {
				process.stdout.write(chunk);
			}
		});
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolvePromise(stdout) : reject(new Error(`${script} exited with ${code}`))));
	});
}

function option(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

export interface PackageOptions {
	/** Use this VSIX instead of packaging one. */
	readonly vsix?: string;
	/** Package dist/ as it is, without building first. */
	readonly skipBuild?: boolean;
	/** Echo package.mjs's output (default true). */
	readonly echo?: boolean;
}

/** Packages the extension with `npm run package` (test/tools/package.mjs); returns the VSIX path. */
export async function packageVsix(options: PackageOptions = {}): Promise<string> {
	if (options.vsix) {
		return resolve(options.vsix);
	}
	const args = options.skipBuild ? ['--skip-build'] : [];
	const output = await runNodeScript('test/tools/package.mjs', args, options.echo ?? true);
	const line = output.split('\n').reverse().find((l) => l.startsWith('VSIX '));
	if (!line) {
		throw new Error('package.mjs did not print the VSIX path');
	}
	return line.slice('VSIX '.length).trim();
}

function report(results: readonly CheckResult[]): { passed: number; failed: number } {
	console.log('\nEnd-to-end results:');
	for (const r of results) {
		console.log(`  ${r.passed ? '✓' : '✗'} ${r.name} (${r.durationMs} ms)`);
		if (r.detail) {
			console.log(r.detail.split('\n').map((l) => `      ${l}`).join('\n'));
		}
		if (r.screenshot) {
			console.log(`      screenshot: ${r.screenshot}`);
		}
	}
	const passed = results.filter((r) => r.passed).length;
	return { passed, failed: results.length - passed };
}

let server: CodeServer | undefined;
let chromium: LaunchedChromium | undefined;

/** On Ctrl+C or a kill, take code-server's process group down with us. */
function onSignal(signal: NodeJS.Signals): void {
	console.error(`\n[e2e] ${signal}: stopping code-server`);
	server?.killSync();
	for (const dir of [server?.root, chromium?.tempDir]) {
		if (dir) {
			rmSync(dir, { recursive: true, force: true });
		}
	}
	process.exit(signal === 'SIGINT' ? 130 : 143);
}

async function main(): Promise<number> {
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	process.once('exit', () => server?.killSync());
	rmSync(outDir, { recursive: true, force: true });
	mkdirSync(outDir, { recursive: true });
	const results: CheckResult[] = [];
	try {
		await runNodeScript('test/tools/provision.mjs', ['chromium']);
		log('packaging the VSIX');
		const vsix = await packageVsix({ vsix: option('--vsix'), skipBuild: process.argv.includes('--skip-build') });
		log(`VSIX: ${vsix}`);
		server = await CodeServer.create({ log, logFile: join(outDir, 'code-server.log') });
		log(`code-server session in ${server.root}`);
		const extensionPath = await server.installExtension(vsix, extensionId);
		log(`installed ${extensionId} at ${extensionPath}`);
		const workspace = join(server.root, 'workspace');
		cpSync(join(__dirname, 'workspace'), workspace, { recursive: true });
		await prepareThreatWorkspace(workspace);
		await prepareCanvasWorkspace(workspace);
		const suiteDir = join(extensionPath, 'e2e-suite');
		await bundleSuite(suiteDir);
		await server.start();
		log(`code-server listening on ${server.url}`);
		chromium = await launchChromium();
		log('UI checks');
		const quickFix = async (page: Page, uiResults: CheckResult[]) => {
			await runQuickFixChecks(page, workspace, outDir, uiResults);
			log('threat-model checks');
			await runThreatChecks(page, outDir, uiResults);
			log('trace canvas checks');
			await runCanvasChecks(page, workspace, outDir, uiResults);
		};
		results.push(...(await runUiChecks(chromium.browser, server.url, workspace, outDir, quickFix)));
		log('chat checks');
		const chatResults: CheckResult[] = [];
		await runChatChecks(chromium.browser, server.url, workspace, join(server.root, 'user-data', 'User', 'settings.json'), outDir, chatResults);
		results.push(...chatResults);
		log('generate checks');
		const generateResults: CheckResult[] = [];
		await runGenerateChecks(chromium.browser, server.url, server.root, join(server.root, 'user-data', 'User', 'settings.json'), outDir, generateResults);
		results.push(...generateResults);
		log('in-host mocha suite');
		results.push(
			...(await runHostTests({ browser: chromium.browser, url: server.url, workspace, extensionPath, suiteDir, log: (l) => log(l) })),
		);
	} catch (error) {
		results.push({ name: 'harness', passed: false, durationMs: Date.now() - started, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	} finally {
		await chromium?.close().catch(() => undefined);
		await server?.dispose().catch(() => undefined);
		server = undefined;
	}
	const { passed, failed } = report(results);
	log(`done (${passed} passed, ${failed} failed)`);
	console.log(`E2E-RESULT ${JSON.stringify({ passed, failed })}`);
	return failed > 0 || passed === 0 ? 1 : 0;
}

// Run only as the entry script: test/bench/activation.ts imports packageVsix from here.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === __filename) {
	main().then(
		(code) => process.exit(code),
		(error: unknown) => {
			console.error(error);
			console.log(`E2E-RESULT ${JSON.stringify({ passed: 0, failed: 1 })}`);
			process.exit(1);
		},
	);
}
