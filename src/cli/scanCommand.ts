import { existsSync, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { addToBaseline, applyBaseline, type Baseline, defaultBaselinePath, loadBaseline, saveBaseline, writeFileAtomic } from '../../language-server/src/engine/baseline';
import { toJson } from '../../language-server/src/engine/report/json';
import { toSarif } from '../../language-server/src/engine/report/sarif';
import { shouldColor, summaryLine, toText } from '../../language-server/src/engine/report/text';
import { countAtOrAbove, type ScanOptions, type ScanReport, scanFiles, statsOf } from '../../language-server/src/engine/scanFiles';
import { scanFilesInWorkers } from '../../language-server/src/engine/scanWorkerPool';
import { SecurityEngine } from '../../language-server/src/engine/securityEngine';
import { scanThreats, type ThreatScan, threatJson, threatsAtOrAbove, threatText } from '../../language-server/src/engine/threats/threatReport';
import { commonRoot, listSourceFiles } from '../../language-server/src/engine/workspaceFiles';
import { parseScanArgs, type ScanArgs, scanUsage, selectRules, UsageError } from './scanArgs';

/** Where the CLI writes; a test or another command can pass its own. */
export interface Io {
	readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
	readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
	readonly cwd: string;
	readonly env: NodeJS.ProcessEnv;
}

/** Thrown for problems the user can fix (bad baseline, missing path): message, exit 2. */
class ScanFailure extends Error {}

/** `rampart scan`: returns the exit status (0 clean, 1 findings, 2 usage or internal error). */
export async function scanCommand(argv: readonly string[], io: Io, toolVersion: string): Promise<number> {
	let args: ScanArgs;
	try {
		args = parseScanArgs(argv);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`rampart scan: ${error.message}\nRun 'rampart scan --help' for usage.\n`);
			return 2;
		}
		throw error;
	}
	if (args.help) {
		io.stdout.write(`${scanUsage}\n`);
		return 0;
	}
	try {
		return await runScan(args, io, toolVersion);
	} catch (error) {
		if (error instanceof UsageError || error instanceof ScanFailure) {
			io.stderr.write(`rampart scan: ${error.message}\n`);
			return 2;
		}
		throw error;
	}
}

async function scanRoot(paths: readonly string[], cwd: string): Promise<string> {
	const inside = paths.every((p) => {
		const rel = relative(cwd, p);
		return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
	});
	if (inside) {
		return cwd;
	}
	const root = commonRoot(paths);
	const stat = await fs.stat(root);
	return stat.isDirectory() ? root : dirname(root);
}

async function runScan(args: ScanArgs, io: Io, toolVersion: string): Promise<number> {
	const paths = args.paths.map((p) => resolve(io.cwd, p));
	for (const p of paths) {
		try {
			await fs.stat(p);
		} catch {
			throw new ScanFailure(`no such file or folder: ${p}`);
		}
	}
	const root = await scanRoot(paths, io.cwd);
	const engine = await SecurityEngine.create();
	for (const e of engine.compileErrors) {
		io.stderr.write(`rampart: warning: rule ${e.ruleId} is disabled: ${e.message}\n`);
	}
	const ruleIds = selectRules(args.rules, engine.rules.map((r) => r.id));

	const explicitBaseline = args.baseline !== undefined;
	const baselinePath = args.baseline !== undefined ? resolve(io.cwd, args.baseline) : join(root, defaultBaselinePath);
	let existing: Baseline | undefined;
	if (args.useBaseline) {
		const loaded = await loadBaseline(baselinePath);
		if (!loaded.ok) {
			// Never replaced, even with --update-baseline: the user decides what to do with it.
			throw new ScanFailure(loaded.error);
		}
		if (!loaded.exists && explicitBaseline && !args.updateBaseline) {
			throw new ScanFailure(`baseline not found: ${baselinePath} (create it with --update-baseline).`);
		}
		existing = loaded.exists ? loaded.baseline : undefined;
	}
	const baseline = args.updateBaseline ? undefined : existing;

	const files = await listSourceFiles(paths, { onWarning: (path, message) => io.stderr.write(`rampart: warning: ${path}: ${message}\n`) });
	if (files.length === 0) {
		io.stderr.write('rampart: warning: no JavaScript, TypeScript or Python files to scan.\n');
	}
	const progress = io.stderr.isTTY === true;
	let lastProgress = 0;
	const onProgress = (done: number, total: number) => {
		const now = Date.now();
		if (now - lastProgress > 100 || done === total) {
			lastProgress = now;
			io.stderr.write(`\rrampart: scanning ${done}/${total}`);
		}
	};
	const scanOptions = {
		root,
		limits: { maxBytes: Math.round(args.maxFileSizeKb * 1024) },
		parseTimeoutMs: args.parseTimeoutMs,
		inlineSuppressions: args.inlineSuppressions,
		minimumPrecision: args.minPrecision,
		...(ruleIds ? { ruleIds } : {}),
		...(baseline ? { baseline } : {}),
		...(progress ? { onProgress } : {}),
	};
	let report = (await scanInParallelIfWorthIt(files, scanOptions, args.jobs, io)) ?? (await scanFiles(engine, files, scanOptions));
	if (progress) {
		io.stderr.write('\r\u001b[K');
	}
	for (const file of report.files) {
		if (file.skipped?.message.includes('internal error')) {
			io.stderr.write(`rampart: warning: ${file.relativePath}: ${file.skipped.message}\n`);
		}
	}

	if (args.updateBaseline) {
		const active = new Set(engine.rules.filter((r) => precisionRank[r.precision] >= precisionRank[args.minPrecision] && (!ruleIds || ruleIds.has(r.id))).map((r) => r.id));
		const scanned = new Set(report.files.map((f) => f.relativePath));
		// Entries outside this run's files and rules are kept: a partial scan refreshes only its own part.
		const kept: Baseline = { version: 1, findings: (existing?.findings ?? []).filter((e) => !scanned.has(e.path) || !active.has(e.ruleId)) };
		const updated = report.files.reduce((b, file) => addToBaseline(b, file.findings, file.relativePath), kept);
		await guarded(`cannot write the baseline ${baselinePath}`, () => saveBaseline(baselinePath, updated));
		io.stderr.write(`rampart: baseline ${baselinePath} now records ${updated.findings.length} finding${updated.findings.length === 1 ? '' : 's'}.\n`);
		report = withBaseline(report, updated);
	}

	const threats = args.threats && !args.updateBaseline ? await scanThreats(root) : undefined;
	const toStdout = args.output === undefined;
	const rendered = render(report, args, engine, toolVersion, toStdout && shouldColor(io.stdout, io.env), threats);
	if (toStdout) {
		io.stdout.write(rendered);
	} else {
		const output = resolve(io.cwd, args.output as string);
		await guarded(`cannot write the report to ${output}`, () => writeFileAtomic(output, rendered));
		io.stderr.write(`${summaryLine(report, shouldColor(io.stderr, io.env))}\n`);
	}
	return countAtOrAbove(report, args.failOn) + threatsAtOrAbove(threats, args.failOn) > 0 ? 1 : 0;
}

const precisionRank = { low: 0, medium: 1, high: 2 } as const;

/** Runs a file write; a failure becomes a message for the user (exit 2), not a stack trace. */
async function guarded(what: string, write: () => Promise<void>): Promise<void> {
	try {
		await write();
	} catch (error) {
		throw new ScanFailure(`${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
	}
}

/** The report as it reads once the new baseline is in force (statistics recounted). */
function withBaseline(report: ScanReport, baseline: Baseline): ScanReport {
	const files = report.files.map((f) => ({ ...f, findings: applyBaseline(f.findings, baseline, f.relativePath) }));
	return { ...report, files, stats: statsOf(files, report.stats.bytes, report.stats.durationMs) };
}

function render(report: ScanReport, args: ScanArgs, engine: SecurityEngine, toolVersion: string, color: boolean, threats: ThreatScan | undefined): string {
	switch (args.format) {
		case 'json': {
			const json = toJson(report, toolVersion);
			return threats ? `${JSON.stringify({ ...(JSON.parse(json) as object), threats: threatJson(threats) }, null, 2)}\n` : json;
		}
		case 'sarif':
			return `${JSON.stringify(toSarif(report, { toolVersion, rules: engine.rules, ...(threats ? { threats: threats.files } : {}) }), null, 2)}\n`;
		default:
			return toText(report, { color }) + (threats ? `\n${threatText(threats)}` : '');
	}
}

/** Below this many files a worker's start-up (its own engine) costs more than it saves. */
const minFilesForWorkers = 64;

/**
 * Scans on worker threads when that helps (many files, several cores, the bundled worker
 * present); undefined means "scan in this thread". A failing pool falls back, with a warning.
 */
async function scanInParallelIfWorthIt(files: readonly string[], options: ScanOptions, jobs: number | undefined, io: Io): Promise<ScanReport | undefined> {
	const workerScript = join(__dirname, 'scanWorker.js');
	const count = jobs ?? (files.length >= minFilesForWorkers ? Math.min(4, availableParallelism()) : 1);
	if (count <= 1 || !existsSync(workerScript)) {
		return undefined;
	}
	try {
		return await scanFilesInWorkers(files, options, workerScript, count);
	} catch (error) {
		io.stderr.write(`rampart: warning: parallel scan failed (${(error as Error).message}); scanning in one thread.\n`);
		return undefined;
	}
}
