import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toJson } from '../../../language-server/src/engine/report/json';
import { shouldColor, summaryLine, toText } from '../../../language-server/src/engine/report/text';
import { type ScanReport, scanFiles } from '../../../language-server/src/engine/scanFiles';
import { sharedEngine } from '../../support/engineOnce';

const vulnerable = `const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  eval(req.query.code);
  eval(req.query.ok); // rampart-ignore: rampart.js.code-injection.eval reviewed
  res.send('ok');
});
`;

describe('text and JSON reports', () => {
	let dir: string;
	let report: ScanReport;
	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'rampart-text-'));
		writeFileSync(join(dir, 'b.js'), vulnerable);
		writeFileSync(join(dir, 'a.py'), 'x = 1\n');
		writeFileSync(join(dir, 'c.js'), `// ${'y'.repeat(3000)}\n`);
		report = await scanFiles(await sharedEngine(), [join(dir, 'b.js'), join(dir, 'a.py'), join(dir, 'c.js')], { root: dir, limits: { maxBytes: 1024 } });
	});
	after(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('groups findings by file with line:column, severity, message and rule id, then a summary', () => {
		const text = toText(report, { color: false });
		assert.ok(!text.includes('\u001b['));
		const lines = text.trimEnd().split('\n');
		assert.equal(lines[0], 'b.js');
		assert.match(lines[1], /^ {2}4:3\s+error\s+Untrusted data .* rampart\.js\.code-injection\.eval CWE-95$/);
		assert.ok(lines.some((l) => l.startsWith('skipped c.js: Rampart skipped this file')));
		assert.equal(lines.at(-1), '1 finding (1 error, 0 warnings, 0 info) in 1 file, 2 files analysed, 1 suppressed, 1 skipped.');
		assert.doesNotMatch(text, /reviewed/, 'suppressed findings are hidden by default');
		assert.match(toText(report, { color: false, showSuppressed: true }), /suppressed: reviewed/);
	});

	it('colours only when asked', () => {
		assert.ok(toText(report, { color: true }).includes('\u001b[31merror'));
		assert.ok(summaryLine(report, true).startsWith('\u001b[1m'));
	});

	it('colours a TTY only when NO_COLOR is unset or empty', () => {
		assert.equal(shouldColor({ isTTY: true }, {}), true);
		assert.equal(shouldColor({ isTTY: true }, { NO_COLOR: '1' }), false);
		assert.equal(shouldColor({ isTTY: true }, { NO_COLOR: '' }), true);
		assert.equal(shouldColor({ isTTY: false }, {}), false);
		assert.equal(shouldColor({}, {}), false);
	});

	it('says so when there is nothing to report', () => {
		const clean: ScanReport = { root: dir, files: [], stats: { files: 0, analysed: 0, skipped: 0, bytes: 0, findings: { error: 0, warning: 0, info: 0 }, suppressed: 0, durationMs: 1 } };
		assert.equal(toText(clean, { color: false }), 'No findings, 0 files analysed.\n');
	});

	it('writes stable JSON: same bytes for the same tree, relative paths, no timings', async () => {
		const again = await scanFiles(await sharedEngine(), [join(dir, 'c.js'), join(dir, 'b.js'), join(dir, 'a.py')], { root: dir, limits: { maxBytes: 1024 } });
		const one = toJson(report, '1.0.0');
		assert.equal(toJson(again, '1.0.0'), one);
		assert.doesNotMatch(one, new RegExp(dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')));
		assert.doesNotMatch(one, /duration/i);
		const doc = JSON.parse(one) as { summary: { findings: { error: number }; suppressed: number }; files: Array<{ path: string; findings: Array<{ range: { startLine: number }; suppression?: unknown }>; skipped?: { reason: string } }> };
		assert.deepEqual(doc.files.map((f) => f.path), ['a.py', 'b.js', 'c.js']);
		assert.equal(doc.summary.findings.error, 1);
		assert.equal(doc.summary.suppressed, 1);
		assert.equal(doc.files[1].findings[0].range.startLine, 4);
		assert.ok(doc.files[1].findings[1].suppression);
		assert.equal(doc.files[2].skipped?.reason, 'too-large');
	});
});
