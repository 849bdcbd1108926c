import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addToBaseline, applyBaseline, emptyBaseline, loadBaseline, parseBaseline, saveBaseline, writeFileAtomic } from '../../../language-server/src/engine/baseline';
import { sharedEngine } from '../../support/engineOnce';

const vulnerableJs = `const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  eval(req.query.code);
  res.send('ok');
});
`;

describe('baseline', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'rampart-baseline-'));
	});
	afterEach(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('hides recorded findings and only those, for the same file', async () => {
		const engine = await sharedEngine();
		const findings = engine.analyze('/x/app.js', vulnerableJs).findings;
		assert.equal(findings.length, 1);
		const baseline = addToBaseline(emptyBaseline(), findings, 'src/app.js');
		assert.deepEqual(baseline.findings, [{ fingerprint: findings[0].fingerprint, ruleId: findings[0].ruleId, path: 'src/app.js' }]);
		const hidden = applyBaseline(findings, baseline, 'src/app.js');
		assert.deepEqual(hidden[0].suppression, { kind: 'baseline', justification: 'in baseline' });
		assert.equal(findings[0].suppression, undefined, 'the engine result is not mutated');
		assert.equal(applyBaseline(findings, baseline, 'src/other.js')[0].suppression, undefined);
		const edited = `// a new comment\n\n${vulnerableJs}`;
		const moved = engine.analyze('/x/app.js', edited).findings;
		assert.equal(applyBaseline(moved, baseline, 'src/app.js')[0].suppression?.kind, 'baseline', 'survives lines added above');
	});

	it('keeps entries sorted and unique, and leaves inline-suppressed findings out', async () => {
		const engine = await sharedEngine();
		const source = vulnerableJs.replace('  res.send', '  eval(req.body.x); // rampart-ignore: rampart.js.code-injection.eval test data\n  eval(req.body.y);\n  res.send');
		const findings = engine.analyze('/x/app.js', source).findings;
		assert.deepEqual(findings.map((f) => f.suppression?.kind ?? 'none'), ['none', 'inline', 'none']);
		const once = addToBaseline(emptyBaseline(), findings, 'b.js');
		const twice = addToBaseline(addToBaseline(once, findings, 'b.js'), findings, 'a.js');
		assert.equal(once.findings.length, 2);
		assert.deepEqual(twice.findings.map((e) => e.path), [...once.findings.map(() => 'a.js'), ...once.findings.map(() => 'b.js')]);
	});

	it('round-trips through an atomic save', async () => {
		const path = join(dir, '.rampart', 'baseline.json');
		const baseline = { version: 1 as const, findings: [{ fingerprint: 'ab'.repeat(16), ruleId: 'rampart.js.x.y', path: 'a.js' }] };
		await saveBaseline(path, baseline);
		const loaded = await loadBaseline(path);
		assert.deepEqual(loaded, { ok: true, baseline, exists: true });
		assert.deepEqual(readdirSync(join(dir, '.rampart')), ['baseline.json'], 'no temp file left behind');
		assert.ok(readFileSync(path, 'utf8').endsWith('}\n'));
	});

	it('treats a missing file as empty', async () => {
		assert.deepEqual(await loadBaseline(join(dir, 'none.json')), { ok: true, baseline: emptyBaseline(), exists: false });
	});

	it('reports corrupt files clearly and leaves them alone', async () => {
		const cases: Array<[string, RegExp]> = [
			['{ "version": 1, "findings": [', /not valid JSON/],
			['[]', /not a Rampart baseline/],
			['{ "version": 2, "findings": [] }', /version/],
			['{ "version": 1, "findings": [{ "fingerprint": "zz", "ruleId": "r", "path": "a.js" }] }', /findings\.0\.fingerprint/],
			['{ "version": 1, "findings": [{ "ruleId": "r", "path": "a.js" }] }', /fingerprint/],
			['{ "version": 1, "findings": [], "extra": true }', /extra|unrecognized/i],
		];
		for (const [text, expected] of cases) {
			const path = join(dir, 'baseline.json');
			writeFileSync(path, text);
			const loaded = await loadBaseline(path);
			assert.equal(loaded.ok, false, text);
			assert.match(loaded.ok ? '' : loaded.error, expected, text);
			assert.match(loaded.ok ? '' : loaded.error, /baseline\.json/, 'names the file');
			assert.equal(readFileSync(path, 'utf8'), text, 'never rewritten');
		}
		assert.equal(parseBaseline('', 'x').ok, false);
	});

	it('reports an unreadable baseline (a folder) without throwing', async () => {
		const loaded = await loadBaseline(dir);
		assert.equal(loaded.ok, false);
	});

	it('writes atomically, through links and into devices', async () => {
		const target = join(dir, 'out.txt');
		await writeFileAtomic(target, 'one');
		await writeFileAtomic(target, 'two');
		assert.equal(readFileSync(target, 'utf8'), 'two');
		await writeFileAtomic('/dev/null', 'discarded');
		assert.ok(existsSync('/dev/null'));
		assert.deepEqual(readdirSync(dir), ['out.txt']);
	});
});
