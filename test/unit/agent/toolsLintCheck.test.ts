// lint_check: every tree-sitter syntax error with its line, JSON and YAML validation with positions,
// the SAST engine's findings, proposed content checked without writing, and hostile paths refused.
import * as assert from 'node:assert/strict';
import { ToolError } from '../../../src/core/agent/confinement';
import { lintCheckTool } from '../../../src/core/agent/tools/lintCheck';
import type { ToolContext } from '../../../src/core/agent/tools/tool';
import { callContext, tempWorkspace, toolContext, treeHash } from './support';

const files = {
	'src/broken.ts': 'export function a(x: number) {\n  return x +;\n}\n\nexport function b( {\n  return 1;\n}\n',
	'src/ok.py': 'def add(a, b):\n    return a + b\n',
	'src/query.js': "const db = require('db');\nfunction find(req) {\n  return db.query(\"SELECT * FROM users WHERE id = \" + req.query.id);\n}\nmodule.exports = { find };\n",
	'config/app.json': '{\n  "port": 8080,\n  "host": "localhost",\n}\n',
	'config/ci.yml': 'jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [a, b\n',
	'config/dup.yaml': 'name: a\nname: b\n',
	'notes.txt': 'plain text\n',
};

describe('agent tools: lint_check', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let ctx: ToolContext;
	beforeEach(async () => {
		ws = await tempWorkspace(files);
		ctx = callContext(await toolContext(ws.root));
	});
	afterEach(() => ws.cleanup());

	const lint = async (input: { path: string; content?: string }) => (await lintCheckTool.execute(input, ctx)).content;

	it('reports every syntax error of a TypeScript file with its line', async () => {
		const out = await lint({ path: 'src/broken.ts' });
		assert.match(out, /^lint_check of src\/broken\.ts:\nSyntax: \d+ problem\(s\):/);
		const lines = [...out.matchAll(/- line (\d+), column \d+: /g)].map((m) => Number(m[1]));
		assert.ok(lines.includes(2), `an error on line 2: ${out}`);
		assert.ok(lines.some((l) => l >= 5), `an error on line 5 or later: ${out}`);
	});

	it('passes valid Python and says which files are not syntax-checked', async () => {
		assert.match(await lint({ path: 'src/ok.py' }), /Syntax: parses without errors\.\nSecurity findings: none\./);
		assert.match(await lint({ path: 'notes.txt' }), /Syntax: not checked .*\nSecurity findings: not analysed/);
	});

	it('reports the SAST engine findings on the file', async () => {
		const out = await lint({ path: 'src/query.js' });
		assert.match(out, /Security findings \(\d+\)/);
		assert.match(out, /- line 3: \[error\] rampart\.js\.sql-injection\S* CWE-89/);
	});

	it('validates JSON and YAML with positions', async () => {
		assert.match(await lint({ path: 'config/app.json' }), /- line 4, column \d+: invalid JSON/);
		assert.match(await lint({ path: 'config/ci.yml' }), /- line \d+, column \d+: invalid YAML: /);
		assert.match(await lint({ path: 'config/dup.yaml' }), /- line 2, column 1: invalid YAML: Map keys must be unique/);
		assert.match(await lint({ path: 'config/app.json', content: '{"port": 8080}' }), /Syntax: valid JSON\./);
	});

	it('checks proposed content for a new path without writing anything', async () => {
		const before = await treeHash(ws.base);
		const out = await lint({ path: 'src/new/feature.py', content: 'import os\ndef run(cmd):\n    os.system(cmd)\n\ndef broken(:\n    pass\n' });
		assert.match(out, /^lint_check of the proposed content for src\/new\/feature\.py:/);
		assert.match(out, /- line 5, column \d+: /);
		assert.equal(await treeHash(ws.base), before, 'nothing was written');
	});

	it('refuses hostile paths, folders and missing files clearly', async () => {
		const before = await treeHash(ws.base);
		const refusals: Array<[{ path: string; content?: string }, RegExp]> = [
			[{ path: '../outside/secret.txt' }, /climbs out of the workspace/],
			[{ path: '/etc/passwd' }, /is absolute/],
			[{ path: '.git/config', content: '[core]' }, /\.git/],
			[{ path: 'src\0.ts' }, /NUL byte/],
			[{ path: 'src' }, /is a folder/],
			[{ path: 'src/none.ts' }, /does not exist/],
		];
		for (const [input, pattern] of refusals) {
			await assert.rejects(lintCheckTool.execute(input, ctx), (e: unknown) => e instanceof ToolError && pattern.test(e.message), `${JSON.stringify(input.path)} is refused with ${pattern}`);
		}
		assert.equal(await treeHash(ws.base), before);
	});
});
