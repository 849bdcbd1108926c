import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/ensureBuilt';
import { LspTestClient } from '../support/lspClient';

export interface LatencyResult {
	readonly lines: number;
	readonly edits: number;
	readonly p50: number;
	readonly p95: number;
	readonly max: number;
}

/** A 5,000-line Express-style file with a handful of real findings spread through it. */
export function syntheticServerFile(lines: number): string {
	const out: string[] = ["const express = require('express');", "const { exec } = require('child_process');", 'const app = express();'];
	for (let i = 0; out.length < lines; i++) {
		out.push(
			`app.get('/item/${i}', async (req, res) => {`,
			`  const id = req.params.id;`,
			i % 50 === 0 ? `  exec('cat ' + id);` : `  const row = await db.find({ id: String(id), n: ${i} });`,
			`  res.json({ ok: true, row, index: ${i} });`,
			`});`,
		);
	}
	return out.slice(0, lines).join('\n') + '\n';
}

function percentile(sorted: readonly number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Edit → diagnostics latency through the real server over stdio: each edit inserts a
 * character on a different line and the clock stops when diagnostics for that version arrive.
 * The debounce is set to 0 so the figure is the server's own work, not the typing delay.
 */
export async function measureLspLatency(lines = 5000, edits = 200): Promise<LatencyResult> {
	ensureBuilt();
	const root = mkdtempSync(join(tmpdir(), 'rampart-bench-lsp-'));
	const client = await LspTestClient.start(root, { scan: { debounceMs: 0 } });
	try {
		const uri = client.open(join(root, 'server.js'), 'javascript', syntheticServerFile(lines));
		await client.waitForDiagnostics(uri, (d) => d.length > 0, 30_000);
		const samples: number[] = [];
		for (let i = 0; i < edits; i++) {
			const line = 5 + ((i * 37) % (lines - 10));
			const started = performance.now();
			const version = client.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }]);
			await client.waitForDiagnostics(uri, (_d, v) => v === version, 30_000);
			samples.push(performance.now() - started);
		}
		samples.sort((a, b) => a - b);
		return { lines, edits, p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples[samples.length - 1] };
	} finally {
		await client.stop();
		rmSync(root, { recursive: true, force: true });
	}
}

export async function runLspLatencyBench(): Promise<string> {
	const r = await measureLspLatency();
	return `LSP edit → diagnostics on a ${r.lines}-line file (${r.edits} edits, debounce 0): p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms (target p95 ≤ 30 ms)`;
}
