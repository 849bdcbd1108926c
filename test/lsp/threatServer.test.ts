import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AnalysisStore, type StpaGraph, type ThreatModel } from '../../src/core/store';
import { ensureBuilt } from '../support/ensureBuilt';
import { repoRoot } from '../support/fixtureCorpus';
import { type Diagnostic, LspTestClient } from '../support/lspClient';

const fixtures = join(repoRoot, 'test', 'fixtures', 'threats', 'lsp');
const source = readFileSync(join(fixtures, 'login.js'), 'utf8');
const model = JSON.parse(readFileSync(join(fixtures, 'model.json'), 'utf8')) as { threatModel: ThreatModel; stpa: StpaGraph };
const unsafeQuery = "db.query(`SELECT * FROM users WHERE email = '${req.body.email}'`)";
const safeQuery = "db.query('SELECT * FROM users WHERE email = $1', [req.body.email])";

const threatDiag = (id: string) => (d: Diagnostic[]) => d.some((x) => String(x.code).startsWith('rampart.threat.') && (x.data as { threatId?: string } | undefined)?.threatId === id);
const user = { kind: 'user', name: 'test' } as const;

/** Replaces the first occurrence of `from` in the open text (one incremental change). */
function replaceChange(text: string, from: string, to: string): { range: Diagnostic['range']; text: string } {
	const start = text.indexOf(from);
	const pos = (offset: number) => {
		const before = text.slice(0, offset).split('\n');
		return { line: before.length - 1, character: before[before.length - 1].length };
	};
	return { range: { start: pos(start), end: pos(start + from.length) }, text: to };
}

describe('threat-model diagnostics over stdio', function () {
	this.timeout(30_000);
	let root: string;
	let client: LspTestClient;
	let store: AnalysisStore;

	before(async () => {
		ensureBuilt();
		root = mkdtempSync(join(tmpdir(), 'rampart-threats-'));
		mkdirSync(join(root, 'src'));
		writeFileSync(join(root, 'src', 'login.js'), source);
		store = AnalysisStore.forWorkspace(root);
		await store.write({ threatModel: model.threatModel, stpa: model.stpa }, { author: user, message: 'model' });
		client = await LspTestClient.start(root, { scan: { debounceMs: 0 } });
	});

	after(async () => {
		await client?.stop();
		rmSync(root, { recursive: true, force: true });
	});

	it('reports a missing protection, with hover, CodeLens, code actions and SAST context; the fixing edit clears it and records the mitigation', async () => {
		const uri = client.open(join(root, 'src', 'login.js'), 'javascript', source);
		const diagnostics = await client.waitForDiagnostics(uri, (d) => threatDiag('T-1')(d) && d.some((x) => x.code === 'rampart.js.sql-injection.query'));
		const t1 = diagnostics.find((d) => threatDiag('T-1')([d])) as Diagnostic;
		assert.equal(t1.code, 'rampart.threat.sql-parameterised');
		assert.equal(t1.severity, 2, 'Warning for a high (not critical) threat');
		assert.equal(t1.range.start.line, 3, 'on the route path of the inline handler');
		assert.match(t1.message, /parameterised queries missing — query text built from strings/);
		assert.match(t1.message, /T-1 → H-1 → L-1 → SR-1/);
		assert.ok(!threatDiag('T-2')(diagnostics), 'the parameterised profile query is mitigated: no diagnostic');

		const sast = diagnostics.filter((d) => d.code === 'rampart.js.sql-injection.query');
		assert.ok(sast.some((d) => d.relatedInformation?.some((r) => /threat T-1 \(CWE-89\)/.test(r.message))), `a SAST finding in the handler names T-1: ${JSON.stringify(sast)}`);

		const hover: { contents: { value: string } } = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 10 } });
		assert.match(hover.contents.value, /T\\-1/);
		assert.match(hover.contents.value, /CWE\\-89/);
		assert.match(hover.contents.value, /parameterised queries — ⚠️ missing/);
		assert.match(hover.contents.value, /trace: T\\-1 → H\\-1 → L\\-1 → SR\\-1/);

		const lenses: Array<{ range: Diagnostic['range']; command: { title: string; command: string; arguments: unknown[] } }> = await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
		assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command.title]).sort(), [[3, '1 threat · 0 mitigated'], [8, '1 threat · 1 mitigated']]);
		assert.equal(lenses[0].command.command, 'rampart.openTraceCanvas');

		const actions: Array<{ title: string; command?: { command: string; arguments?: unknown[] } }> = await client.connection.sendRequest('textDocument/codeAction', {
			textDocument: { uri },
			range: t1.range,
			context: { diagnostics: [t1], only: ['quickfix'] },
		});
		const show = actions.find((a) => a.command?.command === 'rampart.openTraceCanvas');
		assert.deepEqual(show?.command?.arguments, [{ nodeId: 'T-1', mode: 'trace' }]);
		assert.ok(actions.some((a) => a.command?.command === 'rampart.markThreatMitigated'));
		assert.ok(actions.some((a) => a.command?.command === 'rampart.askToAddProtection' && /Ask Rampart to add this protection/.test(a.title)));

		const version = client.change(uri, [replaceChange(source, unsafeQuery, safeQuery)]);
		await client.waitForDiagnostics(uri, (d, v) => v === version && !threatDiag('T-1')(d));

		// Both mitigations now have evidence in code: the analysis records them as a new version.
		const deadline = Date.now() + 10_000;
		let graph = await store.read('stpa');
		while (graph?.nodes.find((n) => n.id === 'M-1' && n.kind === 'mitigation' && n.status === 'implemented') === undefined && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 100));
			graph = await store.read('stpa');
		}
		const m1 = graph?.nodes.find((n) => n.id === 'M-1');
		assert.equal(m1?.kind === 'mitigation' && m1.status, 'implemented');
		assert.deepEqual(m1?.kind === 'mitigation' ? m1.anchor : undefined, { file: 'src/login.js', function: 'POST /login', line: 4 });
		const located = graph?.edges.find((e) => e.kind === 'locatedIn' && e.source === 'M-1');
		assert.ok(located && graph?.nodes.some((n) => n.id === located.target && n.kind === 'codeElement'), 'M-1 is linked to a code element');
		const versions = await store.listVersions();
		assert.equal(versions[0]?.author.name, 'rampart analysis');
		client.close(uri);
	});

	it('updates after a model change and reports a vanished function on the model file', async () => {
		const uri = client.open(join(root, 'src', 'login.js'), 'javascript', source);
		await client.waitForDiagnostics(uri, threatDiag('T-1'));
		// A new threat on the same handler, written to the store as another window would.
		await store.head();
		const current = (await store.read('threatModel')) as ThreatModel;
		const rate = { ...current.threats[0]!, id: 'T-3', title: 'Password guessing on login', cwe: 'CWE-307', requiredProtection: 'rate limiting on auth routes', severity: 'critical' as const };
		await store.write({ threatModel: { ...current, threats: [...current.threats, rate] } }, { author: user, message: 'add T-3' });
		const afterModel = await client.waitForDiagnostics(uri, threatDiag('T-3'));
		const t3 = afterModel.find((d) => threatDiag('T-3')([d]));
		assert.equal(t3?.code, 'rampart.threat.rate-limit');
		assert.equal(t3?.severity, 1, 'Error for a critical threat');

		// Renaming the anchored function makes T-2's anchor vanish: a diagnostic on the model file.
		const version = client.change(uri, [replaceChange(source, 'async function profile(', 'async function showProfile(')]);
		await client.waitForDiagnostics(uri, (_d, v) => v === version);
		const modelUri = pathToFileURL(join(root, '.rampart', 'threat-model.json')).toString();
		const onModel = await client.waitForDiagnostics(modelUri, (d) => d.some((x) => x.code === 'rampart.threat.anchor-function-missing'));
		const missing = onModel.find((x) => x.code === 'rampart.threat.anchor-function-missing') as Diagnostic;
		assert.match(missing.message, /T-2: function src\/login\.js#profile no longer exists/);
		const text = readFileSync(join(root, '.rampart', 'threat-model.json'), 'utf8');
		assert.match(text.split('\n')[missing.range.start.line] ?? '', /"function": "profile"/, 'placed on the anchor in the model file');
		client.close(uri);
	});
});

describe('threat model re-evaluated when anchored files appear (stdio)', function () {
	this.timeout(30_000);
	let root: string;
	let client: LspTestClient;
	const modelUri = () => pathToFileURL(join(root, '.rampart', 'threat-model.json')).toString();
	const fileMissing = (file: string) => (d: Diagnostic[]) => d.some((x) => x.code === 'rampart.threat.anchor-file-missing' && x.message.includes(`${file} no longer exists`));
	const authJs = [
		"const express = require('express');",
		"const { findUserByName } = require('../db');",
		'const router = express.Router();',
		"router.post('/login', (req, res) => {",
		'  const user = findUserByName(req.app.locals.db, String(req.body.username));',
		'  res.json({ ok: Boolean(user) });',
		'});',
		'module.exports = router;',
		'',
	].join('\n');
	const dbJs = ['function findUserByName(db, username) {', "  return db.prepare('SELECT id, name FROM users WHERE name = ?').get(username);", '}', 'module.exports = { findUserByName };', ''].join('\n');
	const threat = (id: string, file: string, fn: string) => ({
		id,
		title: `SQL injection in ${fn}`,
		anchor: { file, function: fn },
		cwe: 'CWE-89',
		stride: 'tampering' as const,
		vector: 'form field',
		requiredProtection: 'parameterised queries',
		severity: 'high' as const,
		status: 'open' as const,
		evidence: [],
	});

	before(async () => {
		ensureBuilt();
		root = mkdtempSync(join(tmpdir(), 'rampart-anchors-'));
		const store = AnalysisStore.forWorkspace(root);
		const threatModel = { ...model.threatModel, entryInterfaces: [], threats: [threat('T-1', 'src/routes/auth.js', 'POST /login'), threat('T-2', 'src/passwords.js', 'findByName')] } as ThreatModel;
		await store.write({ threatModel }, { author: user, message: 'model written before the code' });
		client = await LspTestClient.start(root, { scan: { debounceMs: 0 } });
	});

	after(async () => {
		await client?.stop();
		rmSync(root, { recursive: true, force: true });
	});

	it('drops anchor-file-missing once the file is created (watched-files notification) and evaluates the threat through the imported helper', async () => {
		await client.waitForDiagnostics(modelUri(), (d) => fileMissing('src/routes/auth.js')(d) && fileMissing('src/passwords.js')(d));
		mkdirSync(join(root, 'src', 'routes'), { recursive: true });
		writeFileSync(join(root, 'src', 'db.js'), dbJs);
		writeFileSync(join(root, 'src', 'routes', 'auth.js'), authJs);
		const created = (p: string) => ({ uri: pathToFileURL(p).toString(), type: 1 });
		await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [created(join(root, 'src', 'db.js')), created(join(root, 'src', 'routes', 'auth.js'))] });
		const after = await client.waitForDiagnostics(modelUri(), (d) => !fileMissing('src/routes/auth.js')(d));
		assert.ok(fileMissing('src/passwords.js')(after), 'the other anchor is still missing');

		// Evaluated from disk (the file is not open): mitigated by the parameterised query in src/db.js.
		const authUri = pathToFileURL(join(root, 'src', 'routes', 'auth.js')).toString();
		const hover: { contents: { value: string } } | null = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: authUri }, position: { line: 4, character: 4 } });
		assert.match(hover?.contents.value ?? '', /parameterised queries — ✅ mitigated/);
		assert.match(hover?.contents.value ?? '', /evidence \(imported-helper: findUserByName in src\/db\\\.js\): prepared statement/);
	});

	it('drops anchor-file-missing after a workspace scan', async () => {
		writeFileSync(join(root, 'src', 'passwords.js'), "function findByName(db, name) {\n  return db.query(`SELECT * FROM users WHERE name = '${name}'`);\n}\nmodule.exports = { findByName };\n");
		const summary: { filesScanned: number } = await client.connection.sendRequest('rampart/scanWorkspace');
		assert.ok(summary.filesScanned >= 3);
		await client.waitForDiagnostics(modelUri(), (d) => !fileMissing('src/passwords.js')(d));
		const uri = pathToFileURL(join(root, 'src', 'passwords.js')).toString();
		const diagnostics = await client.waitForDiagnostics(uri, threatDiag('T-2'));
		assert.match(diagnostics.find((d) => threatDiag('T-2')([d]))?.message ?? '', /parameterised queries missing — query text built from strings/);
	});
});
