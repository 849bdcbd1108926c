/**
 * Activation bench: how long Rampart takes to activate (module load + `activate()`) in a real
 * code-server (VS Code 1.100 from npm). The VSIX is packaged once, then every run gets a fresh code-server (new user-data-dir, extensions dir and extension host),
 * installs the VSIX, opens a workspace in which nothing activates the extension (no source files,
 * no editor) and runs test/bench/activationSuite in the extension host, which times
 * `extension.activate()` and reports the figure back through results.json (and the automation log).
 *
 *   node --import tsx test/bench/activation.ts [--runs N] [--skip-build]
 *
 * test/bench/run.ts imports this module and calls `runActivationBench()` (or `run()`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type LaunchedChromium, launchChromium } from '../support/browser';
import { CodeServer } from '../e2e/codeServer';
import { bundleSuite, runHostTests } from '../e2e/hostTests';
import { packageVsix, runNodeScript } from '../e2e/runE2E';
import { extensionId } from '../e2e/uiChecks';
import type { ActivationTiming } from './activationSuite/index';

const repoRoot = join(__dirname, '..', '..');
const logDir = join(repoRoot, 'test-results', 'bench-activation');
export const activationTargetMs = 150;

export interface ActivationBenchOptions {
	/** Fresh code-server hosts to measure (default 5). */
	readonly runs?: number;
	/** Package dist/ as it is (the caller has just built it). */
	readonly skipBuild?: boolean;
	/** Progress lines (default: none). */
	readonly log?: (line: string) => void;
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

/** One measurement in a fresh code-server: activation time and the module-load part of it, in ms. */
async function measureOnce(
	chromium: LaunchedChromium,
	vsix: string,
	run: number,
	log: (line: string) => void,
	track: (s: CodeServer | undefined) => void,
): Promise<ActivationTiming> {
	const server = await CodeServer.create({ logFile: join(logDir, `code-server-${run}.log`) });
	track(server);
	try {
		const extensionPath = await server.installExtension(vsix, extensionId);
		// A workspace with nothing that matches an activation event of the manifest.
		const workspace = join(server.root, 'workspace');
		mkdirSync(workspace, { recursive: true });
		writeFileSync(join(workspace, 'NOTES.txt'), 'Activation bench workspace: no source files, so nothing activates Rampart early.\n');
		const suiteDir = join(server.root, 'activation-suite');
		await bundleSuite(suiteDir, join(__dirname, 'activationSuite'));
		await server.start();
		let logged: number | undefined;
		const results = await runHostTests({
			browser: chromium.browser,
			url: server.url,
			workspace,
			extensionPath,
			suiteDir,
			timeoutMs: 120_000,
			log: (line) => {
				const match = /activation-ms ([\d.]+)/.exec(line);
				if (match) {
					logged = Number(match[1]);
				}
			},
		});
		const result = results[0];
		if (results.length !== 1 || !result.passed) {
			throw new Error(`activation run ${run} failed: ${results.map((r) => `${r.name}: ${r.detail ?? 'failed'}`).join('; ')}`);
		}
		const detailFile = join(suiteDir, 'activation.json');
		const detail = existsSync(detailFile) ? (JSON.parse(readFileSync(detailFile, 'utf8')) as ActivationTiming) : undefined;
		const timing: ActivationTiming = { totalMs: result.durationMs, loadMs: detail?.loadMs };
		const load = timing.loadMs === undefined ? '' : ` (module load ${fmt(timing.loadMs)} ms)`;
		log(`run ${run}: ${fmt(timing.totalMs)} ms${load}${logged === undefined ? ' (no automation-log line seen)' : ''}`);
		return timing;
	} finally {
		track(undefined);
		await server.dispose();
	}
}

/**
 * Measures Rampart's activation in `runs` fresh code-server hosts and returns one line such as
 * `Extension activation in code-server: median 80 ms (runs: …) — target < 150 ms`.
 */
export async function runActivationBench(options: ActivationBenchOptions = {}): Promise<string> {
	const runs = options.runs ?? 5;
	if (!Number.isInteger(runs) || runs < 1) {
		throw new Error(`runs must be a positive integer, not ${runs}`);
	}
	const log = options.log ?? (() => undefined);
	mkdirSync(logDir, { recursive: true });
	let current: CodeServer | undefined;
	const killCurrent = () => current?.killSync();
	const onSignal = (signal: NodeJS.Signals) => {
		killCurrent();
		process.exit(signal === 'SIGINT' ? 130 : 143);
	};
	process.on('exit', killCurrent);
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	let chromium: LaunchedChromium | undefined;
	try {
		await runNodeScript('test/tools/provision.mjs', ['chromium'], false);
		log('packaging the VSIX');
		const vsix = await packageVsix({ skipBuild: options.skipBuild, echo: false });
		chromium = await launchChromium();
		const timings: ActivationTiming[] = [];
		for (let run = 1; run <= runs; run++) {
			timings.push(await measureOnce(chromium, vsix, run, log, (s) => (current = s)));
		}
		const m = median(timings.map((t) => t.totalMs));
		const loads = timings.flatMap((t) => (t.loadMs === undefined ? [] : [t.loadMs]));
		const loadPart = loads.length === timings.length ? `; module load alone: median ${fmt(median(loads))} ms` : '';
		const verdict = m < activationTargetMs ? 'met' : 'NOT met';
		return (
			`Extension activation in code-server: median ${fmt(m)} ms (runs: ${timings.map((t) => fmt(t.totalMs)).join(', ')} ms; ` +
			`each a fresh host, module load + activate()${loadPart}) — target < ${activationTargetMs} ms (${verdict})`
		);
	} finally {
		await chromium?.close().catch(() => undefined);
		process.off('exit', killCurrent);
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}

/** Entry for test/bench/run.ts's generic loader: dist/ was just built there, so only package it. */
export async function run(): Promise<void> {
	console.log('Extension activation (code-server 4.100.3, 5 fresh hosts)…');
	try {
		console.log(await runActivationBench({ skipBuild: true, log: (line) => console.log(`  ${line}`) }));
	} catch (error) {
		console.log(`Extension activation in code-server: not measured (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
	}
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === __filename) {
	const index = process.argv.indexOf('--runs');
	const runs = index >= 0 ? Number(process.argv[index + 1]) : undefined;
	runActivationBench({ runs, skipBuild: process.argv.includes('--skip-build'), log: (line) => console.log(`[activation] ${line}`) }).then(
		(line) => console.log(line),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
