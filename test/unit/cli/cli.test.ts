import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { version } from '../../../package.json';
import { repoRoot, ruleFixtureRoot } from '../../support/fixtureCorpus';
import { sarifSchemaErrors } from '../report/sarifSchema';

const bin = join(repoRoot, 'bin', 'rampart.js');

interface Run {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

function rampart(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
	const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '', ...env } });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const vulnerable = `const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  eval(req.query.code);
  res.send('ok');
});
`;
const auditOnly = 'function run(localTemplate) {\n  return eval(localTemplate);\n}\n';

/** The real bundled CLI (dist/cli.js through bin/rampart.js), spawned on temporary folders. */
describe('rampart CLI', function () {
	// Each spawn loads the grammars; on a busy machine one can take seconds.
	this.timeout(300_000);
	let dir: string;

	before(() => {
		const build = spawnSync(process.execPath, ['.esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
		assert.equal(build.status, 0, `npm run build failed:\n${build.stderr}`);
	});
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'rampart-cli-'));
		mkdirSync(join(dir, 'src'));
	});
	afterEach(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('prints its version and help', () => {
		assert.deepEqual(rampart(['--version'], dir), { code: 0, stdout: `${version}\n`, stderr: '' });
		const help = rampart(['--help'], dir);
		assert.equal(help.code, 0);
		assert.match(help.stdout, /rampart scan \[paths\.\.\.\]/);
		const scanHelp = rampart(['scan', '--help'], dir);
		assert.equal(scanHelp.code, 0);
		assert.match(scanHelp.stdout, /--fail-on/);
	});

	it('exits 2 with a clear message on usage errors', () => {
		const cases: Array<[string[], RegExp]> = [
			[[], /Usage/],
			[['frobnicate'], /unknown command 'frobnicate'/],
			[['scan', '--bogus'], /Unknown option '--bogus'/],
			[['scan', '--format', 'xml'], /--format must be one of text, json, sarif/],
			[['scan', '--fail-on', 'critical'], /--fail-on must be one of/],
			[['scan', '--max-file-size', 'lots'], /--max-file-size must be a positive number/],
			[['scan', 'no-such-dir'], /no such file or folder/],
			[['scan', '--rules', 'rampart.nope'], /no rule matches 'rampart\.nope'/],
			[['scan', '--baseline', 'missing.json'], /baseline not found/],
			[['lsp'], /--stdio/],
		];
		for (const [args, message] of cases) {
			const r = rampart(args, dir);
			assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
			assert.match(r.stdout + r.stderr, message, args.join(' '));
		}
	});

	it('exits 0 on a clean tree and 1 on findings at or above --fail-on', () => {
		writeFileSync(join(dir, 'src', 'clean.py'), 'print("hello")\n');
		const clean = rampart(['scan', '.'], dir);
		assert.equal(clean.code, 0, clean.stderr);
		assert.match(clean.stdout, /^No findings, 1 file analysed\.$/m);

		writeFileSync(join(dir, 'src', 'audit.js'), auditOnly);
		assert.equal(rampart(['scan'], dir).code, 0, 'an info finding does not fail the default --fail-on error');
		assert.equal(rampart(['scan', '--fail-on', 'info'], dir).code, 1);

		writeFileSync(join(dir, 'src', 'app.js'), vulnerable);
		const dirty = rampart(['scan', 'src'], dir);
		assert.equal(dirty.code, 1);
		assert.match(dirty.stdout, /^src\/app\.js$/m);
		assert.match(dirty.stdout, /4:3\s+error/);
		assert.ok(!dirty.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
		assert.equal(rampart(['scan', 'src', '--fail-on', 'none'], dir).code, 0);
		assert.equal(rampart(['scan', 'src', '--rules', 'rampart.js.code-injection.eval-audit'], dir).code, 0);
		assert.equal(rampart(['scan', 'src', '--min-precision', 'high', '--fail-on', 'info', '--rules', 'rampart.js.code-injection.eval-audit'], dir).code, 0);
		const skipped = rampart(['scan', 'src', '--max-file-size', '0.05'], dir);
		assert.equal(skipped.code, 0);
		assert.match(skipped.stdout, /^skipped src\/app\.js: Rampart skipped this file: 0\.1\d KB is over the 0\.05 KB limit/m);
	});

	it('honours inline suppressions unless --no-inline-suppressions', () => {
		writeFileSync(join(dir, 'src', 'app.js'), vulnerable.replace('eval(req.query.code);', 'eval(req.query.code); // rampart-ignore: rampart.js.code-injection.eval admin-only tool'));
		assert.equal(rampart(['scan'], dir).code, 0);
		assert.equal(rampart(['scan', '--no-inline-suppressions'], dir).code, 1);
	});

	it('writes a schema-valid SARIF log atomically to --output', () => {
		writeFileSync(join(dir, 'src', 'app.js'), vulnerable);
		const r = rampart(['scan', '--format', 'sarif', '--output', 'out/report.sarif'], dir);
		assert.equal(r.code, 1);
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /1 finding \(1 error/);
		const log = JSON.parse(readFileSync(join(dir, 'out', 'report.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
		assert.deepEqual(sarifSchemaErrors(log), []);
		assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'src/app.js');
	});

	it('scans the rule fixture corpus into a schema-valid SARIF log', () => {
		const r = rampart(['scan', 'test/fixtures/rules', '--format', 'sarif', '--fail-on', 'none'], repoRoot);
		assert.equal(r.code, 0, r.stderr);
		const log = JSON.parse(r.stdout) as { runs: Array<{ results: unknown[] }> };
		assert.deepEqual(sarifSchemaErrors(log), []);
		assert.ok(log.runs[0].results.length > 0);
	});

	it('reports the same on worker threads as in one thread', () => {
		const one = rampart(['scan', ruleFixtureRoot, '--format', 'json', '--fail-on', 'none', '--jobs', '1'], repoRoot);
		const two = rampart(['scan', ruleFixtureRoot, '--format', 'json', '--fail-on', 'none', '--jobs', '2'], repoRoot);
		assert.equal(one.code, 0, one.stderr);
		assert.equal(two.code, 0, two.stderr);
		assert.ok(!two.stderr.includes('parallel scan failed'), two.stderr);
		const files = (out: string) => (JSON.parse(out) as { files: Array<{ path: string; findings: unknown[] }> }).files;
		assert.ok(files(one.stdout).some((f) => f.findings.length > 0));
		assert.deepEqual(files(two.stdout), files(one.stdout));
	});

	it('writes JSON to stdout, with paths relative to the common root of paths outside the cwd', () => {
		writeFileSync(join(dir, 'src', 'app.js'), vulnerable);
		const elsewhere = mkdtempSync(join(tmpdir(), 'rampart-cwd-'));
		try {
			const r = rampart(['scan', join(dir, 'src', 'app.js'), '--format', 'json'], elsewhere);
			assert.equal(r.code, 1, r.stderr);
			const doc = JSON.parse(r.stdout) as { files: Array<{ path: string; findings: unknown[] }> };
			assert.deepEqual(doc.files.map((f) => f.path), ['app.js']);
		} finally {
			rmSync(elsewhere, { recursive: true, force: true });
		}
	});

	it('records a baseline, hides known findings and shows only new ones', () => {
		writeFileSync(join(dir, 'src', 'app.js'), vulnerable);
		const update = rampart(['scan', '--update-baseline'], dir);
		assert.equal(update.code, 0, update.stderr);
		assert.match(update.stderr, /now records 1 finding/);
		const baselinePath = join(dir, '.rampart', 'baseline.json');
		const saved = JSON.parse(readFileSync(baselinePath, 'utf8')) as { version: number; findings: Array<{ path: string; ruleId: string }> };
		assert.deepEqual(saved.findings.map((f) => [f.path, f.ruleId]), [['src/app.js', 'rampart.js.code-injection.eval']]);

		const again = rampart(['scan'], dir);
		assert.equal(again.code, 0, 'the .rampart baseline is used by default');
		assert.match(again.stdout, /1 suppressed/);
		assert.equal(rampart(['scan', '--no-baseline'], dir).code, 1);

		writeFileSync(join(dir, 'src', 'app.js'), `// moved down\n${vulnerable.replace('  res.send', '  eval(req.body.more);\n  res.send')}`);
		const fresh = rampart(['scan', '--format', 'json'], dir);
		assert.equal(fresh.code, 1);
		const doc = JSON.parse(fresh.stdout) as { files: Array<{ findings: Array<{ lineText: string; suppression?: { kind: string } }> }> };
		assert.deepEqual(doc.files[0].findings.map((f) => [f.lineText, f.suppression?.kind ?? 'new']), [['eval(req.query.code);', 'baseline'], ['eval(req.body.more);', 'new']]);

		const custom = join(dir, 'custom-baseline.json');
		assert.equal(rampart(['scan', '--update-baseline', '--baseline', custom], dir).code, 0);
		assert.ok(existsSync(custom));
		assert.equal(rampart(['scan', '--baseline', custom], dir).code, 0);
	});

	it('refreshes only the scanned files and rules of a partial --update-baseline', () => {
		mkdirSync(join(dir, 'other'));
		writeFileSync(join(dir, 'src', 'app.js'), vulnerable);
		writeFileSync(join(dir, 'other', 'old.js'), vulnerable);
		writeFileSync(join(dir, 'src', 'audit.js'), auditOnly);
		assert.equal(rampart(['scan', '--update-baseline'], dir).code, 0);
		const entries = () => (JSON.parse(readFileSync(join(dir, '.rampart', 'baseline.json'), 'utf8')) as { findings: Array<{ path: string; ruleId: string }> }).findings.map((f) => `${f.path} ${f.ruleId}`);
		const all = entries();
		assert.equal(all.length, 3, all.join('\n'));
		writeFileSync(join(dir, 'src', 'app.js'), 'const fixed = true;\n');
		assert.equal(rampart(['scan', 'src', '--update-baseline', '--rules', 'rampart.js.code-injection.eval'], dir).code, 0);
		assert.deepEqual(entries(), all.filter((e) => e !== 'src/app.js rampart.js.code-injection.eval'), 'other files and other rules keep their entries');
	});

	it('reports a report it cannot write as exit 2 with the reason', () => {
		writeFileSync(join(dir, 'src', 'app.js'), vulnerable);
		writeFileSync(join(dir, 'blocker'), '');
		const r = rampart(['scan', '--format', 'sarif', '--output', 'blocker/report.sarif'], dir);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /cannot write the report to .*blocker\/report\.sarif: (ENOTDIR|EEXIST)/);
	});

	it('refuses a corrupt baseline with exit 2 and never overwrites it', () => {
		writeFileSync(join(dir, 'src', 'app.js'), vulnerable);
		mkdirSync(join(dir, '.rampart'));
		const baselinePath = join(dir, '.rampart', 'baseline.json');
		const corrupt = '{ "version": 1, "findings": [ { "fingerprint": 12 } ';
		writeFileSync(baselinePath, corrupt);
		for (const args of [['scan'], ['scan', '--update-baseline'], ['scan', '--baseline', baselinePath]]) {
			const r = rampart(args, dir);
			assert.equal(r.code, 2, args.join(' '));
			assert.match(r.stderr, /baseline .*baseline\.json is not valid JSON/);
			assert.doesNotMatch(r.stderr, /internal error|at .*\.js:\d+/);
			assert.equal(readFileSync(baselinePath, 'utf8'), corrupt);
		}
		writeFileSync(baselinePath, '{ "version": 1, "findings": [ { "fingerprint": "nothex" } ] }');
		const r = rampart(['scan'], dir);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /not a Rampart baseline: findings\.0\.fingerprint/);
	});
});
