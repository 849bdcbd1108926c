import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { commonRoot, isIgnored, listSourceFiles, parseIgnoreFile } from '../../../language-server/src/engine/workspaceFiles';

function tree(root: string, files: Record<string, string>): void {
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
}

describe('workspaceFiles', () => {
	let dir: string;
	const rel = (files: string[]) => files.map((f) => relative(dir, f).split('\\').join('/'));

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'rampart-ws-'));
	});
	afterEach(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('lists analysable files sorted and skips dependency, build and store folders', async () => {
		tree(dir, {
			'src/b.ts': '',
			'src/a.py': '',
			'src/types.d.ts': '',
			'src/readme.md': '',
			'app.jsx': '',
			'node_modules/x/index.js': '',
			'.git/hooks/h.js': '',
			'dist/out.js': '',
			'build/b.js': '',
			'out/o.js': '',
			'.venv/lib/x.py': '',
			'venv/lib/y.py': '',
			'pkg/__pycache__/c.py': '',
			'.rampart/model.js': '',
		});
		assert.deepEqual(rel(await listSourceFiles([dir])), ['app.jsx', 'src/a.py', 'src/b.ts']);
	});

	it('accepts files as roots and drops duplicates', async () => {
		tree(dir, { 'a.js': '', 'b.txt': '' });
		const files = await listSourceFiles([join(dir, 'a.js'), join(dir, 'b.txt'), dir]);
		assert.deepEqual(rel(files), ['a.js']);
	});

	it('honours .rampartignore: dir/, *.ext, path/**, anchored paths and negation', async () => {
		tree(dir, {
			'.rampartignore': '# comment\n\nvendor/\n*.test.js\nfixtures/**\n/top.py\n!keep.test.js\ndeep/x/*.ts\n',
			'vendor/v.js': '',
			'src/vendor/v2.js': '',
			'src/a.test.js': '',
			'src/keep.test.js': '',
			'src/ok.js': '',
			'fixtures/one/f.py': '',
			'top.py': '',
			'sub/top.py': '',
			'deep/x/y.ts': '',
			'deep/x/z/w.ts': '',
		});
		assert.deepEqual(rel(await listSourceFiles([dir])), ['deep/x/z/w.ts', 'src/keep.test.js', 'src/ok.js', 'sub/top.py']);
	});

	it('matches ignore patterns the way gitignore does for the subset it supports', () => {
		const rules = parseIgnoreFile('build/\n**/gen/*.js\nlogs\n!logs/keep.py\n');
		assert.equal(isIgnored(rules, 'build', true), true);
		assert.equal(isIgnored(rules, 'build', false), false, 'dir/ only matches folders');
		assert.equal(isIgnored(rules, 'a/b/gen/x.js', false), true);
		assert.equal(isIgnored(rules, 'gen/x.js', false), true);
		assert.equal(isIgnored(rules, 'a/logs', true), true);
		assert.equal(isIgnored(rules, 'logs/keep.py', false), false);
	});

	it('follows symbolic links inside the root but never out of it, and survives loops', async function () {
		if (process.platform === 'win32') {
			this.skip();
		}
		const outside = mkdtempSync(join(tmpdir(), 'rampart-outside-'));
		try {
			tree(outside, { 'secret.js': '' });
			tree(dir, { 'src/real.js': '' });
			symlinkSync(outside, join(dir, 'escape'));
			symlinkSync(join(outside, 'secret.js'), join(dir, 'secret-link.js'));
			symlinkSync(join(dir, 'src'), join(dir, 'alias'));
			symlinkSync(dir, join(dir, 'src', 'loop'));
			symlinkSync(join(dir, 'missing.js'), join(dir, 'dangling.js'));
			symlinkSync(join(dir, 'other'), join(dir, 'alias2'));
			tree(dir, { 'other/o.py': '' });
			assert.deepEqual(rel(await listSourceFiles([dir])), ['other/o.py', 'src/real.js']);
		} finally {
			rmSync(outside, { recursive: true, force: true });
		}
	});

	it('passes over unreadable folders with a warning', async function () {
		if (process.platform === 'win32') {
			this.skip();
		}
		tree(dir, { 'ok.js': '', 'locked/x.js': '' });
		chmodSync(join(dir, 'locked'), 0o000);
		const warnings: string[] = [];
		try {
			const files = await listSourceFiles([dir, join(dir, 'nope')], { onWarning: (p, m) => warnings.push(`${relative(dir, p)}: ${m}`) });
			// Root can read anything: then the folder is listed, which is also fine.
			assert.ok(rel(files).includes('ok.js'));
			assert.ok(warnings.some((w) => w.startsWith('nope: cannot read')));
		} finally {
			chmodSync(join(dir, 'locked'), 0o755);
		}
	});

	it('tolerates files and folders vanishing during the walk', async () => {
		const names: Record<string, string> = {};
		for (let i = 0; i < 200; i++) {
			names[`d${i % 20}/f${i}.js`] = '';
		}
		tree(dir, names);
		const walk = listSourceFiles([dir]);
		for (let i = 0; i < 20; i += 2) {
			await new Promise((resolve) => setImmediate(resolve));
			rmSync(join(dir, `d${i}`), { recursive: true, force: true });
		}
		const files = await walk;
		assert.ok(files.length >= 100 && files.length <= 200);
	});

	it('finds the common root of several paths', () => {
		assert.equal(commonRoot([join(dir, 'a', 'b.js'), join(dir, 'a', 'c', 'd.js')]), join(dir, 'a'));
		assert.equal(commonRoot([join(dir, 'x')]), join(dir, 'x'));
	});
});
