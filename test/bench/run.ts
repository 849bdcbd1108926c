// npm run bench: Rampart against its peers on the same real files, measured in this run.
//  (a) Python: Rampart vs Bandit on >= 20 MB of this machine's Python standard library;
//  (b) JavaScript: Rampart vs ESLint + eslint-plugin-security (recommended rules only) on >= 15 MB
//      of plain .js files from node_modules;
//  (c) the engine's time against tree-sitter's raw parse time on the same files.
// Every tool runs once per corpus as a fresh process; a tool that is missing is reported as not
// measured. Then the language-server benches (lspLatency.ts, activation.ts) if they exist.
// Then the feature benches (agent, store, threats, pipeline, canvas), each printing its own table.
// Env: BENCH_PY_MB (20), BENCH_JS_MB (15), BENCH_ONLY (python,javascript,lsp,agent,store,threats,pipeline,canvas), BENCH_KEEP=1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Corpus, javascriptCorpus, pythonCorpus } from './corpus';
import { type EngineTiming, timeEngine } from './engineTiming';
import { runBandit, runEslintSecurity, runRampartCli, type ToolRun } from './tools';

const repoRoot = join(__dirname, '..', '..');
const MB = 1024 * 1024;
const only = new Set((process.env.BENCH_ONLY ?? 'python,javascript,lsp,agent,store,threats,pipeline,canvas').split(',').map((s) => s.trim()));

/** The feature benches: each module exports `bench…(out)` and prints its own table. */
const featureBenches: ReadonlyArray<{ key: string; file: string; title: string }> = [
	{ key: 'agent', file: 'agentTurn', title: 'Agent runtime: concurrent read-only tools, repeated reads' },
	{ key: 'store', file: 'storeBench', title: 'Analysis store: trace queries, completeness, re-analysis after an edit' },
	{ key: 'threats', file: 'threatBench', title: 'Threat-model diagnostics: re-evaluation after an edit (50 anchored threats)' },
	{ key: 'pipeline', file: 'pipelineBench', title: 'Generation pipeline: tokens per generated file (scripted project)' },
	{ key: 'canvas', file: 'canvasBench', title: 'Trace canvas (headless Chromium): layout, first paint, trace highlight, panning' },
];

interface CorpusResult {
	readonly corpus: Corpus;
	readonly rampart: ToolRun;
	readonly peer: ToolRun;
	readonly engine: EngineTiming;
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const mb = (bytes: number) => (bytes / MB).toFixed(1);

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	out(line(header));
	out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	rows.forEach((r) => out(line(r)));
}

function describe(corpus: Corpus): void {
	const excluded = Object.entries(corpus.excluded).map(([why, n]) => `${n} ${why}`).join(', ');
	out(`  ${corpus.name}: ${corpus.files.length} files, ${mb(corpus.bytes)} MB from ${corpus.source}${excluded ? ` (left out for every tool: ${excluded})` : ''}`);
}

async function measure(corpus: Corpus, targets: readonly string[], peerLabel: string, peer: (outDir: string) => ToolRun, work: string): Promise<CorpusResult> {
	const outDir = join(work, `reports-${corpus.name.replace(/\W+/g, '-')}`);
	mkdirSync(outDir, { recursive: true });
	describe(corpus);
	out(`  running Rampart CLI…`);
	const rampart = runRampartCli(repoRoot, corpus.dir, targets, outDir);
	out(`  running ${peerLabel} (once)…`);
	const peerRun = peer(outDir);
	out('  timing the engine in-process (warm-up, parse only, analyse, scan)…');
	const engine = await timeEngine(corpus.files, targets.map((t) => join(corpus.dir, t)), corpus.dir);
	return { corpus, rampart, peer: peerRun, engine };
}

function timeCell(run: ToolRun): string {
	if (!run.measured) {
		return `not measured: ${run.reason}`;
	}
	return `${fmt(run.seconds)} s${run.cpuSeconds !== undefined ? ` (CPU ${fmt(run.cpuSeconds)} s)` : ''}${run.note ? `, ${run.note}` : ''}`;
}

function ratioCell(peer: ToolRun, rampart: ToolRun, cpu: boolean): string {
	if (!peer.measured || !rampart.measured) {
		return '—';
	}
	const [p, r] = cpu ? [peer.cpuSeconds, rampart.cpuSeconds] : [peer.seconds, rampart.seconds];
	return p !== undefined && r !== undefined && r > 0 ? `${(p / r).toFixed(1)}×` : '—';
}

function report(results: readonly CorpusResult[]): void {
	out();
	out('Scan time, one cold process per tool, same files (wall clock, and CPU time of the process):');
	table(
		['corpus', 'files', 'MB', 'Rampart', 'peer', 'peer time', 'peer/Rampart wall', 'peer/Rampart CPU', 'findings Rampart / peer'],
		results.map(({ corpus, rampart, peer }) => [
			corpus.name,
			String(corpus.files.length),
			mb(corpus.bytes),
			timeCell(rampart),
			peer.tool,
			timeCell(peer),
			ratioCell(peer, rampart, false),
			ratioCell(peer, rampart, true),
			`${rampart.measured ? rampart.findings : '—'} / ${peer.measured ? peer.findings : '—'}`,
		]),
	);
	for (const { corpus, rampart, peer } of results) {
		if (rampart.measured && peer.measured) {
			out(`  ${corpus.name}: Rampart ${fmt(rampart.seconds)} s, ${peer.tool} ${fmt(peer.seconds)} s → ${ratioCell(peer, rampart, false)} (CPU time: ${ratioCell(peer, rampart, true)})`);
		}
	}
	out('  (Findings are counted differently by each tool and are shown for context, not compared.)');
	out();
	out('Engine vs raw tree-sitter parse, in-process, texts in memory (after a warm-up):');
	table(
		['corpus', 'parse only', 'engine.analyze', 'engine/parse (CPU)', 'engine MB/s', 'in-process scan (list+read+analyse)', 'skipped'],
		results.map(({ corpus, engine: e }) => [
			corpus.name,
			`${fmt(e.parseSeconds)} s (CPU ${fmt(e.parseCpuSeconds)} s)`,
			`${fmt(e.analyseSeconds)} s (CPU ${fmt(e.analyseCpuSeconds)} s)`,
			`${(e.analyseCpuSeconds / e.parseCpuSeconds).toFixed(2)}×`,
			(e.bytes / MB / e.analyseSeconds).toFixed(1),
			`${fmt(e.scanSeconds)} s`,
			String(e.skipped),
		]),
	);
}

/**
 * The language-server benches, when their files exist: the module's `run…Bench` export (or
 * `run`/`main`/default) is called, and a string it returns is printed.
 */
async function runOtherBenches(): Promise<void> {
	for (const name of ['lspLatency', 'activation']) {
		const path = join(__dirname, `${name}.ts`);
		out();
		if (!existsSync(path)) {
			out(`${name}: not measured (test/bench/${name}.ts does not exist yet)`);
			continue;
		}
		const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
		const named = Object.keys(mod).filter((k) => /^run\w*Bench$/.test(k)).map((k) => mod[k]);
		const entry = [...named, mod.run, mod.main, mod.default].find((f): f is () => unknown => typeof f === 'function');
		if (!entry) {
			out(`${name}: not measured (the module exports no run…Bench, run, main or default function)`);
			continue;
		}
		try {
			const result = await entry();
			if (typeof result === 'string') {
				out(result);
			}
		} catch (error) {
			out(`${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
}

async function runFeatureBenches(): Promise<void> {
	for (const bench of featureBenches.filter((b) => only.has(b.key))) {
		out();
		out(`## ${bench.title}`);
		const path = join(__dirname, `${bench.file}.ts`);
		if (!existsSync(path)) {
			out(`not measured (test/bench/${bench.file}.ts does not exist)`);
			continue;
		}
		const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
		const entry = Object.entries(mod).find(([k, v]) => /^bench[A-Z]\w*$/.test(k) && typeof v === 'function')?.[1] as ((print: (line: string) => void) => Promise<void>) | undefined;
		if (!entry) {
			out(`not measured (test/bench/${bench.file}.ts exports no bench… function)`);
			continue;
		}
		try {
			await entry(out);
		} catch (error) {
			out(`failed: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
}

async function main(): Promise<number> {
	const build = spawnSync(process.execPath, ['.esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8' });
	if (build.status !== 0) {
		process.stderr.write(`bench: the build failed:\n${build.stderr}\n`);
		return 2;
	}
	const work = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
	const results: CorpusResult[] = [];
	try {
		out(`Rampart benchmarks on ${process.platform} ${process.arch}, ${cpus().length} CPUs, Node ${process.version}; load average at start ${loadavg()[0].toFixed(2)}`);
		out('(Other work on the machine slows wall-clock figures; CPU-time ratios are the steadier comparison.)');
		if (only.has('python')) {
			out('\n(a) Python: Rampart vs Bandit');
			const dir = join(work, 'python');
			const corpus = pythonCorpus(dir, Number(process.env.BENCH_PY_MB ?? 20) * MB);
			if (!corpus) {
				out('  not measured: no python3 to find the standard library with');
			} else {
				results.push(await measure(corpus, ['py'], 'Bandit', (o) => runBandit(dir, ['py'], o), work));
			}
		}
		if (only.has('javascript')) {
			out('\n(b) JavaScript: Rampart vs ESLint + eslint-plugin-security');
			const dir = join(work, 'javascript');
			const corpus = javascriptCorpus(dir, join(repoRoot, 'node_modules'), Number(process.env.BENCH_JS_MB ?? 15) * MB);
			const targets = ['esm', 'cjs'].filter((t) => existsSync(join(dir, t)));
			results.push(await measure(corpus, targets, 'ESLint + eslint-plugin-security', (o) => runEslintSecurity(repoRoot, dir, targets, o), work));
		}
		if (results.length > 0) {
			report(results);
			out(`load average at end ${loadavg()[0].toFixed(2)}`);
		}
		if (only.has('lsp')) {
			await runOtherBenches();
		}
		await runFeatureBenches();
	} finally {
		if (process.env.BENCH_KEEP === '1') {
			out(`\ncorpora and reports kept in ${work}`);
		} else {
			rmSync(work, { recursive: true, force: true });
		}
	}
	return 0;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exitCode = 2;
	},
);
