import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countAtOrAbove, relativePathOf, scanFiles } from '../../../language-server/src/engine/scanFiles';
import { sharedEngine } from '../../support/engineOnce';

const vulnerableJs = `const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  eval(req.query.code);
  res.send('ok');
});
`;

describe('scanFiles', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'rampart-scan-'));
		mkdirSync(join(dir, 'src'));
	});
	afterEach(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('scans files into a report sorted by path, with relative paths and stats', async () => {
		writeFileSync(join(dir, 'src', 'z.js'), vulnerableJs);
		writeFileSync(join(dir, 'src', 'a.js'), 'const x = 1;\n');
		writeFileSync(join(dir, 'b.py'), 'print("hi")\n');
		const engine = await sharedEngine();
		const progress: string[] = [];
		const report = await scanFiles(engine, [join(dir, 'src', 'z.js'), join(dir, 'b.py'), join(dir, 'src', 'a.js')], {
			root: dir,
			onProgress: (done, total, path) => progress.push(`${done}/${total} ${relativePathOf(dir, path)}`),
		});
		assert.deepEqual(report.files.map((f) => f.relativePath), ['b.py', 'src/a.js', 'src/z.js']);
		assert.deepEqual(progress, ['1/3 b.py', '2/3 src/a.js', '3/3 src/z.js']);
		const z = report.files[2];
		assert.equal(z.language, 'javascript');
		assert.deepEqual(z.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`), ['rampart.js.code-injection.eval@4']);
		assert.equal(report.stats.files, 3);
		assert.equal(report.stats.analysed, 3);
		assert.equal(report.stats.findings.error, 1);
		assert.equal(countAtOrAbove(report, 'error'), 1);
		assert.equal(countAtOrAbove(report, 'none'), 0);
	});

	it('turns missing and unreadable files into skipped entries instead of throwing', async () => {
		writeFileSync(join(dir, 'ok.js'), 'let a = 1;\n');
		mkdirSync(join(dir, 'folder.js'));
		const engine = await sharedEngine();
		const report = await scanFiles(engine, [join(dir, 'gone.js'), join(dir, 'ok.js'), join(dir, 'folder.js')], { root: dir });
		const byPath = new Map(report.files.map((f) => [f.relativePath, f]));
		assert.equal(byPath.get('gone.js')?.skipped?.reason, 'unreadable');
		assert.match(byPath.get('gone.js')?.skipped?.message ?? '', /ENOENT/);
		assert.equal(byPath.get('folder.js')?.skipped?.reason, 'unreadable');
		assert.equal(byPath.get('ok.js')?.skipped, undefined);
		assert.equal(report.stats.skipped, 2);
	});

	it('skips files over the size limit without reading them, and binary or minified ones', async () => {
		writeFileSync(join(dir, 'big.js'), `// ${'x'.repeat(4000)}\n`);
		writeFileSync(join(dir, 'bin.py'), Buffer.from([0x70, 0x00, 0x01, 0x02, 0xff]));
		writeFileSync(join(dir, 'app.min.js'), 'var a=1;');
		const engine = await sharedEngine();
		const report = await scanFiles(engine, [join(dir, 'big.js'), join(dir, 'bin.py'), join(dir, 'app.min.js')], { root: dir, limits: { maxBytes: 2048 } });
		assert.deepEqual(report.files.map((f) => `${f.relativePath}:${f.skipped?.reason}`), ['app.min.js:minified', 'big.js:too-large', 'bin.py:binary']);
	});

	it('reads non-UTF-8 bytes without failing', async () => {
		writeFileSync(join(dir, 'latin1.py'), Buffer.concat([Buffer.from('s = "caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('"\nimport os\nos.system(s)\n')]));
		const engine = await sharedEngine();
		const report = await scanFiles(engine, [join(dir, 'latin1.py')], { root: dir });
		assert.equal(report.files[0].skipped, undefined);
	});

	it('gives the same report whatever the read-ahead', async () => {
		for (let i = 0; i < 30; i++) {
			writeFileSync(join(dir, 'src', `f${String(i).padStart(2, '0')}.js`), i % 3 === 0 ? vulnerableJs : `const v${i} = ${i};\n`);
		}
		const files = Array.from({ length: 30 }, (_, i) => join(dir, 'src', `f${String(i).padStart(2, '0')}.js`)).reverse();
		const engine = await sharedEngine();
		const one = await scanFiles(engine, files, { root: dir, readAhead: 1 });
		const many = await scanFiles(engine, files, { root: dir, readAhead: 16 });
		const shape = (r: typeof one) => r.files.map((f) => [f.relativePath, f.findings.map((x) => x.fingerprint)]);
		assert.deepEqual(shape(one), shape(many));
		assert.equal(one.stats.findings.error, 10);
	});
});
