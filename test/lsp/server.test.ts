import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/ensureBuilt';
import { applyTextEdits, type Diagnostic, LspTestClient } from '../support/lspClient';

const vulnerable = `const express = require('express');
const app = express();
app.get('/run', (req, res) => {
  const code = req.query.code;
  res.json(eval(code));
});
`;

const evalRule = 'rampart.js.code-injection.eval';
const has = (rule: string) => (d: Diagnostic[]) => d.some((x) => x.code === rule);

describe('language server over stdio', function () {
	this.timeout(30_000);
	let root: string;
	let client: LspTestClient;

	before(async () => {
		ensureBuilt();
		root = mkdtempSync(join(tmpdir(), 'rampart-lsp-'));
		mkdirSync(join(root, 'src'));
		writeFileSync(join(root, 'src', 'onDisk.py'), 'import os, sys\nos.system("ls " + sys.argv[1])\n');
		client = await LspTestClient.start(root, { scan: { parseTimeoutMs: 60 } });
	});

	after(async () => {
		await client?.stop();
		rmSync(root, { recursive: true, force: true });
	});

	it('publishes a taint-confirmed finding with rule id, help link and the taint path', async () => {
		const uri = client.open(join(root, 'src', 'app.js'), 'javascript', vulnerable);
		const diagnostics = await client.waitForDiagnostics(uri, has(evalRule));
		const d = diagnostics.find((x) => x.code === evalRule) as Diagnostic & { codeDescription?: { href: string } };
		assert.equal(d.source, 'rampart');
		assert.equal(d.severity, 1);
		assert.deepEqual(d.range.start, { line: 4, character: 11 });
		assert.match(d.codeDescription?.href ?? '', /docs\/rules\.md#rampartjscode-injectioneval$/);
		assert.ok((d.relatedInformation ?? []).length >= 2, 'taint steps as related information');
		assert.match(d.relatedInformation?.[0].message ?? '', /untrusted data from the HTTP request/);
		client.close(uri);
	});

	it('re-analyses incremental edits: the finding goes and comes back', async () => {
		const uri = client.open(join(root, 'src', 'edit.js'), 'javascript', vulnerable);
		await client.waitForDiagnostics(uri, has(evalRule));
		// Replace `eval(code)` (line 4, chars 11..21) with a literal.
		let version = client.change(uri, [{ range: { start: { line: 4, character: 11 }, end: { line: 4, character: 21 } }, text: "'ok'" }]);
		await client.waitForDiagnostics(uri, (d, v) => v === version && !has(evalRule)(d));
		version = client.change(uri, [{ range: { start: { line: 4, character: 11 }, end: { line: 4, character: 15 } }, text: 'eval(code)' }]);
		await client.waitForDiagnostics(uri, (d, v) => v === version && has(evalRule)(d));
		client.close(uri);
	});

	it('offers code actions whose edits fix the document', async () => {
		const text = "const data = load();\nconst config = eval(data);\n";
		const uri = client.open(join(root, 'src', 'fix.js'), 'javascript', text);
		const diagnostics = await client.waitForDiagnostics(uri, has('rampart.js.code-injection.eval-audit'));
		const actions: Array<{ title: string; isPreferred?: boolean; edit?: { changes: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> }; command?: { command: string } }> =
			await client.connection.sendRequest('textDocument/codeAction', {
				textDocument: { uri },
				range: diagnostics[0].range,
				context: { diagnostics, only: ['quickfix'] },
			});
		const fix = actions.find((a) => a.isPreferred && a.edit);
		assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
		assert.equal(applyTextEdits(text, fix.edit?.changes[uri] ?? []), 'const data = load();\nconst config = JSON.parse(data);\n');
		assert.ok(actions.some((a) => a.command?.command === 'rampart.suppressWithReason'));
		assert.ok(actions.some((a) => a.command?.command === 'rampart.addToBaseline'));
		client.close(uri);
	});

	it('honours rampart-ignore with a reason and reports one without', async () => {
		const withReason = vulnerable.replace('  res.json(eval(code));', `  // rampart-ignore: ${evalRule} sandboxed admin console\n  res.json(eval(code));`);
		const uri = client.open(join(root, 'src', 'suppressed.js'), 'javascript', withReason);
		const d1 = await client.waitForDiagnostics(uri);
		assert.equal(d1.filter((d) => d.code === evalRule).length, 0);
		const noReason = vulnerable.replace('  res.json(eval(code));', `  // rampart-ignore: ${evalRule}\n  res.json(eval(code));`);
		const uri2 = client.open(join(root, 'src', 'noReason.js'), 'javascript', noReason);
		const d2 = await client.waitForDiagnostics(uri2, (d) => d.some((x) => x.code === 'rampart.suppression.no-reason'));
		assert.ok(has(evalRule)(d2), 'a suppression without a reason suppresses nothing');
	});

	it('adds a finding to the baseline and hides it', async () => {
		const uri = client.open(join(root, 'src', 'baseline.js'), 'javascript', vulnerable);
		const diagnostics = await client.waitForDiagnostics(uri, has(evalRule));
		const d = diagnostics.find((x) => x.code === evalRule) as Diagnostic & { data: { fingerprint: string } };
		await client.connection.sendRequest('workspace/executeCommand', {
			command: 'rampart.addToBaseline',
			arguments: [{ uri, fingerprint: d.data.fingerprint, ruleId: evalRule }],
		});
		await client.waitForDiagnostics(uri, (x) => !has(evalRule)(x));
		const stored = JSON.parse(readFileSync(join(root, '.rampart', 'baseline.json'), 'utf8')) as { findings: Array<{ fingerprint: string }> };
		assert.ok(stored.findings.some((f) => f.fingerprint === d.data.fingerprint));
	});

	it('skips a pathological file within the parse budget and keeps serving', async () => {
		const body = Array.from({ length: 6000 }, (_, i) => `export function f${i}(a: number): number { return g(a, ${i}) + h<string>(\`x\${a}\`); }`).join('\n');
		const started = Date.now();
		const uri = client.open(join(root, 'src', 'huge.ts'), 'typescript', `const broken = foo(\n${body}\n`);
		const d = await client.waitForDiagnostics(uri, (x) => x.some((y) => String(y.code).startsWith('rampart.skipped.')));
		assert.equal(d.length, 1);
		assert.match(d[0].message, /skipped/);
		assert.ok(Date.now() - started < 5000, 'answered well within the time budget');
		const other = client.open(join(root, 'src', 'after.js'), 'javascript', vulnerable);
		await client.waitForDiagnostics(other, has(evalRule));
	});

	it('scans the workspace on request with progress and a summary', async () => {
		const summary: { filesScanned: number; findings: number } = await client.connection.sendRequest('rampart/scanWorkspace');
		assert.ok(summary.filesScanned >= 1);
		assert.ok(summary.findings >= 1);
		assert.ok(client.progress.includes('begin') && client.progress.includes('end'));
		const disk = client.lastDiagnostics(new URL(`file://${join(root, 'src', 'onDisk.py')}`).toString());
		assert.ok(disk, 'diagnostics published for a file that was never opened');
	});
});
