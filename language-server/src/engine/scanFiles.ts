import { promises as fs } from 'node:fs';
import { relative, sep } from 'node:path';
import { applyBaseline, type Baseline } from './baseline';
import { defaultLimits, decodeText } from './fileFilter';
import type { AnalyzeOptions, SecurityEngine } from './securityEngine';
import type { EngineNotice, Finding, LanguageId, Severity, SkipReason } from './types';

export interface ScanOptions extends Omit<AnalyzeOptions, 'oldTree'> {
	/** Folder the relative paths (and SARIF `%SRCROOT%`) are relative to. */
	readonly root: string;
	/** Findings recorded here are marked as suppressed by the baseline. */
	readonly baseline?: Baseline;
	/** How many files are read ahead of the analysis (default 8). */
	readonly readAhead?: number;
	readonly onProgress?: (done: number, total: number, path: string) => void;
}

export interface ScannedFile {
	readonly path: string;
	/** Relative to the scan root, `/`-separated. */
	readonly relativePath: string;
	readonly language: LanguageId | undefined;
	readonly findings: readonly Finding[];
	readonly skipped?: SkipReason;
	readonly notices: readonly EngineNotice[];
}

export interface ScanStats {
	readonly files: number;
	readonly analysed: number;
	readonly skipped: number;
	readonly bytes: number;
	/** Findings not suppressed, by severity. */
	readonly findings: Readonly<Record<Severity, number>>;
	readonly suppressed: number;
	readonly durationMs: number;
}

export interface ScanReport {
	readonly root: string;
	readonly files: readonly ScannedFile[];
	readonly stats: ScanStats;
}

/** A path relative to the root with `/` separators, as reports and baselines store it. */
export function relativePathOf(root: string, path: string): string {
	return relative(root, path).split(sep).join('/');
}

function kb(bytes: number): string {
	const value = bytes / 1024;
	return `${value < 10 ? Number(value.toFixed(2)) : Math.round(value)} KB`;
}

type Loaded = { readonly bytes: Uint8Array } | { readonly skipped: SkipReason };

async function load(path: string, maxBytes: number): Promise<Loaded> {
	try {
		const stat = await fs.stat(path);
		if (!stat.isFile()) {
			return { skipped: { reason: 'unreadable', message: 'Rampart could not read this file: it is not a regular file.' } };
		}
		if (stat.size > maxBytes) {
			// Not read at all: a huge file must not be loaded into memory to be skipped.
			return { skipped: { reason: 'too-large', message: `Rampart skipped this file: ${kb(stat.size)} is over the ${kb(maxBytes)} limit (setting rampart.scan.maxFileSizeKb).` } };
		}
		return { bytes: await fs.readFile(path) };
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		return { skipped: { reason: 'unreadable', message: `Rampart could not read this file (${code}).` } };
	}
}

/**
 * Scans files with one engine: reads a few files ahead while the engine analyses, turns files
 * that vanish or cannot be read into skipped entries, never throws for a single file, and
 * returns the files sorted by path whatever order they finished in.
 */
export async function scanFiles(engine: SecurityEngine, files: readonly string[], options: ScanOptions): Promise<ScanReport> {
	const started = performance.now();
	const paths = [...new Set(files)].sort();
	const maxBytes = options.limits?.maxBytes ?? defaultLimits.maxBytes;
	const results = new Array<ScannedFile>(paths.length);
	const readAhead = Math.max(1, options.readAhead ?? 8);
	const pending = new Map<number, Promise<Loaded>>();
	let bytesTotal = 0;
	let next = 0;
	const fill = () => {
		while (next < paths.length && pending.size < readAhead) {
			pending.set(next, load(paths[next], maxBytes));
			next++;
		}
	};
	for (let i = 0; i < paths.length; i++) {
		fill();
		const loaded = await (pending.get(i) as Promise<Loaded>);
		pending.delete(i);
		const path = paths[i];
		const relativePath = relativePathOf(options.root, path);
		if ('skipped' in loaded) {
			results[i] = { path, relativePath, language: undefined, findings: [], notices: [], skipped: loaded.skipped };
		} else {
			bytesTotal += loaded.bytes.byteLength;
			results[i] = analyseOne(engine, path, relativePath, decodeText(loaded.bytes), options);
		}
		options.onProgress?.(i + 1, paths.length, path);
	}
	return { root: options.root, files: results, stats: statsOf(results, bytesTotal, performance.now() - started) };
}

function analyseOne(engine: SecurityEngine, path: string, relativePath: string, text: string, options: ScanOptions): ScannedFile {
	try {
		const result = engine.analyze(path, text, options);
		const findings = options.baseline ? applyBaseline(result.findings, options.baseline, relativePath) : result.findings;
		return {
			path,
			relativePath,
			language: result.language,
			findings,
			notices: result.notices,
			...(result.skipped ? { skipped: result.skipped } : {}),
		};
	} catch (error) {
		// An engine bug on one file must not lose the rest of the scan; the file says what happened.
		const message = error instanceof Error ? error.message : String(error);
		return { path, relativePath, language: undefined, findings: [], notices: [], skipped: { reason: 'unreadable', message: `Rampart failed to analyse this file (internal error: ${message}).` } };
	}
}

/** Counts of a scan's files and findings. */
export function statsOf(files: readonly ScannedFile[], bytes: number, durationMs: number): ScanStats {
	const findings: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
	let suppressed = 0;
	let skipped = 0;
	for (const file of files) {
		if (file.skipped) {
			skipped++;
		}
		for (const f of file.findings) {
			if (f.suppression) {
				suppressed++;
			} else {
				findings[f.severity]++;
			}
		}
	}
	return { files: files.length, analysed: files.length - skipped, skipped, bytes, findings, suppressed, durationMs };
}

/** Findings not suppressed whose severity is at or above `threshold`. */
export function countAtOrAbove(report: ScanReport, threshold: Severity | 'none'): number {
	if (threshold === 'none') {
		return 0;
	}
	const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
	let count = 0;
	for (const file of report.files) {
		count += file.findings.filter((f) => !f.suppression && rank[f.severity] >= rank[threshold]).length;
	}
	return count;
}
