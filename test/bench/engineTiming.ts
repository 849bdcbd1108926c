import { readFileSync } from 'node:fs';
import { decodeText } from '../../language-server/src/engine/fileFilter';
import { languageOfPath } from '../../language-server/src/engine/languages';
import { scanFiles } from '../../language-server/src/engine/scanFiles';
import { SecurityEngine } from '../../language-server/src/engine/securityEngine';
import type { LanguageId } from '../../language-server/src/engine/types';
import { listSourceFiles } from '../../language-server/src/engine/workspaceFiles';

export interface EngineTiming {
	readonly files: number;
	readonly bytes: number;
	/** tree-sitter parse alone, texts in memory (wall clock and CPU). */
	readonly parseSeconds: number;
	readonly parseCpuSeconds: number;
	/** engine.analyze (parse + rules + taint + suppressions + fingerprints), texts in memory. */
	readonly analyseSeconds: number;
	readonly analyseCpuSeconds: number;
	/** The CLI's pipeline in-process: list, read, analyse. */
	readonly scanSeconds: number;
	readonly findings: number;
	readonly skipped: number;
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
	const used = process.cpuUsage(since);
	return (used.user + used.system) / 1e6;
};

/**
 * Times the engine in this process: warm-up on an engine of its own, then a fresh engine for
 * each measured pass, so the content-hash cache never answers for a measured file. Parse-only
 * runs on the warmed engine (the parser is the same).
 */
export async function timeEngine(files: readonly string[], targets: readonly string[], root: string): Promise<EngineTiming> {
	const inputs = files.map((path) => ({ path, text: decodeText(readFileSync(path)), language: languageOfPath(path) as LanguageId }));
	const bytes = inputs.reduce((a, i) => a + Buffer.byteLength(i.text), 0);
	const options = { parseTimeoutMs: 60_000 };

	const warm = await SecurityEngine.create();
	for (const input of inputs.slice(0, 150)) {
		warm.analyze(input.path, input.text, options);
		warm.parse(input.text, input.language)?.delete();
	}

	// Parse and analyse alternate file by file, each timed on its own, so that other work on the
	// machine (which comes and goes) weighs on both sides of the ratio alike.
	const engine = await SecurityEngine.create();
	let findings = 0;
	let skipped = 0;
	let parseSeconds = 0;
	let parseCpuSeconds = 0;
	let analyseSeconds = 0;
	let analyseCpuSeconds = 0;
	for (const input of inputs) {
		let started = performance.now();
		let cpu = process.cpuUsage();
		warm.parse(input.text, input.language)?.delete();
		parseSeconds += seconds(started);
		parseCpuSeconds += cpuSeconds(cpu);
		started = performance.now();
		cpu = process.cpuUsage();
		const result = engine.analyze(input.path, input.text, options);
		analyseSeconds += seconds(started);
		analyseCpuSeconds += cpuSeconds(cpu);
		findings += result.findings.length;
		skipped += result.skipped ? 1 : 0;
	}

	const scanner = await SecurityEngine.create();
	const started = performance.now();
	const listed = await listSourceFiles(targets);
	await scanFiles(scanner, listed, { root, ...options });
	const scanSeconds = seconds(started);

	return { files: inputs.length, bytes, parseSeconds, parseCpuSeconds, analyseSeconds, analyseCpuSeconds, scanSeconds, findings, skipped };
}
