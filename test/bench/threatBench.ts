// Threat-model re-evaluation after an edit in a file with 50 anchored threats (target < 100 ms):
//  (a) in-process: incremental re-parse + evaluation of all 50 threats of the file;
//  (b) over LSP stdio: edit → diagnostics of that version (SAST and threats together), debounce 0.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Edit } from 'web-tree-sitter';
import { AnalysisStore, type ThreatModel } from '../../src/core/store';
import { evaluateThreats } from '../../language-server/src/engine/threats/evaluate';
import { ThreatSourceParser } from '../../language-server/src/engine/threats/sourceParser';
import type { ThreatSpec } from '../../language-server/src/engine/threats/types';
import { ensureBuilt } from '../support/ensureBuilt';
import { LspTestClient } from '../support/lspClient';

const threatCount = 50;
const kinds = [
	{ cwe: 'CWE-89', protection: 'parameterised queries', body: (i: number) => `  const rows = await db.query('SELECT * FROM t${i} WHERE id = $1', [req.params.id]);\n  res.json(rows);` },
	{ cwe: 'CWE-78', protection: 'argument arrays and no shell', body: (i: number) => `  execFile('convert', [req.query.f, 'out${i}.png'], () => res.sendStatus(204));` },
	{ cwe: 'CWE-916', protection: 'password hashing', body: (i: number) => `  const hash = crypto.createHash('sha256').update(req.body.password${i}).digest('hex');\n  res.json({ hash });` },
	{ cwe: 'CWE-862', protection: 'authentication middleware', body: (i: number) => `  res.json(await orders.list(${i}));` },
	{ cwe: 'CWE-20', protection: 'request schema validation', body: (i: number) => `  const input = schema${i}.parse(req.body);\n  res.json(input);` },
];

/** A route file with `threatCount` handlers, each anchored by one threat. */
function routeFile(): { text: string; threats: ThreatModel['threats'] } {
	const lines = ["const express = require('express');", "const { execFile } = require('child_process');", 'const app = express();', ''];
	const threats: ThreatModel['threats'] = [];
	for (let i = 0; i < threatCount; i++) {
		const k = kinds[i % kinds.length]!;
		lines.push(`// handler ${i}`, `async function handler${i}(req, res) {`, ...k.body(i).split('\n'), '  // padding', `  const note${i} = 'x';`, '}', `app.post('/h/${i}', ${i % 2 === 0 ? 'requireAuth, ' : ''}handler${i});`, '');
		threats.push({ id: `T-${i + 1}`, title: `Threat ${i + 1}`, anchor: { file: 'src/routes.js', function: `handler${i}` }, cwe: k.cwe, stride: 'tampering', vector: 'request', requiredProtection: k.protection, severity: 'high', status: 'open', evidence: [] });
	}
	return { text: lines.join('\n'), threats };
}

const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const stats = (times: number[]) => {
	const s = [...times].sort((a, b) => a - b);
	return `p50 ${pct(s, 50).toFixed(2)} ms, p95 ${pct(s, 95).toFixed(2)} ms, max ${s[s.length - 1]!.toFixed(2)} ms`;
};

async function inProcess(text: string, model: ThreatModel['threats'], edits: number): Promise<number[]> {
	const parser = new ThreatSourceParser();
	const threats: ThreatSpec[] = model.map((t) => ({ id: t.id, title: t.title, file: t.anchor.file, function: t.anchor.function, cwe: t.cwe, requiredProtection: t.requiredProtection, severity: t.severity, modelStatus: t.status, trace: [], mitigations: [] }));
	let tree = await parser.parse(text, 'javascript');
	let current = text;
	const times: number[] = [];
	for (let i = 0; i < edits; i++) {
		const at = current.indexOf(`note${i % threatCount} = '`) + `note${i % threatCount} = '`.length;
		const start = performance.now();
		const next = `${current.slice(0, at)}y${current.slice(at)}`;
		const before = current.slice(0, at).split('\n');
		const point = { row: before.length - 1, column: before[before.length - 1]!.length };
		tree!.edit(new Edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: point, oldEndPosition: point, newEndPosition: { row: point.row, column: point.column + 1 } }));
		const fresh = await parser.parse(next, 'javascript', tree);
		const result = evaluateThreats({ file: 'src/routes.js', language: 'javascript', tree: fresh! }, threats);
		times.push(performance.now() - start);
		if (result.evaluations.length !== threatCount) {
			throw new Error(`expected ${threatCount} evaluations, got ${result.evaluations.length}`);
		}
		tree!.delete();
		tree = fresh;
		current = next;
	}
	tree?.delete();
	return times;
}

async function overLsp(text: string, threats: ThreatModel['threats'], edits: number): Promise<number[]> {
	ensureBuilt();
	const root = mkdtempSync(join(tmpdir(), 'rampart-threat-bench-'));
	mkdirSync(join(root, 'src'));
	writeFileSync(join(root, 'src', 'routes.js'), text);
	await AnalysisStore.forWorkspace(root).write(
		{ threatModel: { schemaVersion: 1, securityContext: 'bench', attackerModel: 'bench', entryInterfaces: [], threats } },
		{ author: { kind: 'user', name: 'bench' }, message: 'bench model' },
	);
	const client = await LspTestClient.start(root, { scan: { debounceMs: 0 } });
	try {
		const uri = client.open(join(root, 'src', 'routes.js'), 'javascript', text);
		await client.waitForDiagnostics(uri, (d) => d.filter((x) => String(x.code).startsWith('rampart.threat.')).length > 0, 30_000);
		const lines = text.split('\n');
		const times: number[] = [];
		for (let i = 0; i < edits; i++) {
			const line = lines.findIndex((l) => l.includes(`note${i % threatCount} = '`));
			const character = lines[line]!.indexOf("'") + 1;
			const start = performance.now();
			const version = client.change(uri, [{ range: { start: { line, character }, end: { line, character } }, text: 'y' }]);
			await client.waitForDiagnostics(uri, (d, v) => v === version && d.some((x) => String(x.code).startsWith('rampart.threat.')), 10_000);
			times.push(performance.now() - start);
			lines[line] = `${lines[line]!.slice(0, character)}y${lines[line]!.slice(character)}`;
		}
		return times;
	} finally {
		await client.stop();
		rmSync(root, { recursive: true, force: true });
	}
}

/** Prints the re-evaluation times after an edit in a file with 50 anchored threats. */
export async function benchThreats(out: (line: string) => void): Promise<void> {
	const { text, threats } = routeFile();
	out(`Threat-model re-evaluation: ${threatCount} anchored threats in one ${text.split('\n').length}-line file (target < 100 ms)`);
	const engine = await inProcess(text, threats, 200);
	out(`  (a) in-process incremental parse + evaluation of all ${threatCount} threats, 200 edits: ${stats(engine.slice(10))}`);
	const lsp = await overLsp(text, threats, 60);
	out(`  (b) LSP stdio edit → diagnostics (SAST + threats), 60 edits: ${stats(lsp.slice(5))}`);
}

if (require.main === module) {
	benchThreats((line) => process.stdout.write(`${line}\n`)).catch((e: unknown) => {
		process.stderr.write(`${String(e)}\n`);
		process.exitCode = 1;
	});
}
