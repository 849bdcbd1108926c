// The tools one by one, called directly with a real folder.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { editFileTool } from '../../../src/core/agent/tools/editFile';
import { listFilesTool } from '../../../src/core/agent/tools/listFiles';
import { readFileTool } from '../../../src/core/agent/tools/readFile';
import { searchCodeTool } from '../../../src/core/agent/tools/searchCode';
import { writeFileTool } from '../../../src/core/agent/tools/writeFile';
import { defaultTools } from '../../../src/core/agent/tools/registry';
import { callContext, tempWorkspace, toolContext } from './support';

const long = Array.from({ length: 2500 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('agent tools', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let ctx: ReturnType<typeof callContext>;

	beforeEach(async () => {
		ws = await tempWorkspace({
			'src/a.ts': 'export const a = 1;\nexport function add(x: number) {\n\treturn x + a;\n}\n',
			'src/win.ts': 'const x = 1;\r\nconst y = 2;\r\n',
			'src/long.txt': long,
			'src/data.bin': 'PK\u0000\u0003binary',
			'lib/util.py': 'def helper():\n    return "TODO: helper"\n',
			'.git/HEAD': 'ref: refs/heads/main # TODO\n',
			'.rampartignore': 'private/\n',
			'private/todo.txt': 'TODO secret\n',
			'node_modules/dep/index.js': '// TODO dependency\n',
		});
		ctx = callContext(await toolContext(ws.root));
	});
	afterEach(() => ws.cleanup());

	it('offers every tool with a schema and a readOnly flag', () => {
		const registry = defaultTools();
		assert.deepEqual(registry.names, ['read_file', 'list_files', 'search_code', 'read_architecture', 'read_threats', 'detect_env', 'lint_check', 'write_file', 'edit_file', 'run_command', 'finish']);
		assert.deepEqual(['read_file', 'list_files', 'search_code', 'write_file', 'edit_file', 'finish'].map((n) => registry.get(n)?.readOnly), [true, true, true, false, false, false]);
		for (const d of registry.definitions()) {
			assert.equal((d.parameters as { type: string }).type, 'object');
			assert.ok(d.description.length > 20);
		}
	});

	it('read_file numbers lines, reads ranges and continues long files', async () => {
		const all = await readFileTool.execute({ path: 'src/a.ts' }, ctx);
		assert.equal(all.content, 'src/a.ts (lines 1–4 of 4)\n1\texport const a = 1;\n2\texport function add(x: number) {\n3\t\treturn x + a;\n4\t}');
		const range = await readFileTool.execute({ path: './src//a.ts', start_line: 2, end_line: 3 }, ctx);
		assert.match(range.content, /^src\/a\.ts \(lines 2–3 of 4\)\n2\texport function/);
		const big = await readFileTool.execute({ path: 'src/long.txt' }, ctx);
		assert.match(big.content, /lines 1–2000 of 2500/);
		assert.match(big.content, /call read_file with start_line=2001 to continue/);
		await assert.rejects(readFileTool.execute({ path: 'src/data.bin' }, ctx), /binary file/);
		await assert.rejects(readFileTool.execute({ path: 'src' }, ctx), /is a folder; use list_files/);
		await assert.rejects(readFileTool.execute({ path: 'src/a.ts', start_line: 9 }, ctx), /has 4 lines; start_line 9 is past its end/);
		// A symlink inside the workspace is read through, and the size limit applies to its target.
		await fs.writeFile(join(ws.root, 'src/huge.txt'), Buffer.alloc(11 * 1024 * 1024, 0x61));
		await fs.symlink('huge.txt', join(ws.root, 'src/small-looking.txt'));
		await assert.rejects(readFileTool.execute({ path: 'src/small-looking.txt' }, ctx), /is 11\.0 MB, above the 10\.0 MB read limit/);
		await fs.symlink('a.ts', join(ws.root, 'src/alias.ts'));
		assert.match((await readFileTool.execute({ path: 'src/alias.ts' }, ctx)).content, /export const a = 1;/);
	});

	it('list_files hides protected and ignored entries', async () => {
		const top = await listFilesTool.execute({}, ctx);
		assert.ok(!top.content.includes('.git'), top.content);
		assert.ok(!top.content.includes('private'), top.content);
		assert.match(top.content, /^src\/$/m);
		const deep = await listFilesTool.execute({ recursive: true }, ctx);
		assert.match(deep.content, /^lib\/util\.py \(\d+ bytes\)$/m);
		assert.ok(!deep.content.includes('node_modules/dep'), 'dependencies are not descended');
	});

	it('search_code searches every text file on disk except protected, ignored, dependency and binary ones', async () => {
		const hits = await searchCodeTool.execute({ query: 'todo' }, ctx);
		assert.equal(hits.content, '1 matches:\nlib/util.py:2: return "TODO: helper"');
		const regex = await searchCodeTool.execute({ query: 'export (const|function) \\w+', regex: true, case_sensitive: true }, ctx);
		assert.match(regex.content, /^2 matches:\nsrc\/a\.ts:1: export const a = 1;\nsrc\/a\.ts:2: export function add/);
		const capped = await searchCodeTool.execute({ query: 'line', path: 'src', max_results: 5 }, ctx);
		assert.match(capped.content, /^5 matches \(first 5; narrow the query/);
		await assert.rejects(searchCodeTool.execute({ query: '(', regex: true }, ctx), /not a valid regular expression/);
		await assert.rejects(searchCodeTool.execute({ query: '^(a+)+$', regex: true }, ctx), /exponential time/);
		await assert.rejects(searchCodeTool.execute({ query: '(\\w*\\s?){2,}x', regex: true }, ctx), /exponential time/);
		assert.match((await searchCodeTool.execute({ query: '(ab)+c', regex: true }, ctx)).content, /No match/);
		assert.match((await searchCodeTool.execute({ query: 'zzz-nothing' }, ctx)).content, /No match/);
	});

	it('write_file writes atomically, creates folders, keeps the mode, and returns the SAST findings', async () => {
		await fs.chmod(join(ws.root, 'src/a.ts'), 0o600);
		const out = await writeFileTool.execute({ path: 'src/a.ts', content: "export const a = 2;\nexport function run(code: string) {\n\treturn eval(code);\n}\n" }, ctx);
		assert.match(out.content, /^Updated src\/a\.ts \(4 lines\)\.\nSecurity findings \(1\) — fix them before finishing:\n- line 3: \[\w+\] rampart\.js\.code-injection\.eval\S* CWE-95: /);
		assert.equal((await fs.stat(join(ws.root, 'src/a.ts'))).mode & 0o777, 0o600);
		const created = await writeFileTool.execute({ path: 'new/deep/mod.py', content: 'def f():\n    return 1\n' }, ctx);
		assert.match(created.content, /^Created new\/deep\/mod\.py \(2 lines\)\.\nSecurity findings: none\./);
		const json = await writeFileTool.execute({ path: 'config.json', content: '{"a": 1}\n' }, ctx);
		assert.match(json.content, /not analysed/);
		const leftovers = (await fs.readdir(join(ws.root, 'src'))).filter((n) => n.endsWith('.tmp'));
		assert.deepEqual(leftovers, []);
		await assert.rejects(writeFileTool.execute({ path: 'src/broken.py', content: 'def f(:\n    return 1\n' }, ctx), /does not parse as Python: (syntax error|missing "\)") at line 1/);
		await assert.rejects(writeFileTool.execute({ path: 'src/cut.ts', content: 'export function f() {\n\treturn 1;\n' }, ctx), /does not parse as TypeScript: missing "}".*truncated/);
	});

	it('edit_file replaces one exact match, keeps CRLF files CRLF, and hints at whitespace mismatches', async () => {
		const out = await editFileTool.execute({ path: 'src/a.ts', old_text: '\treturn x + a;', new_text: '\treturn x + a + 1;' }, ctx);
		assert.match(out.content, /^Edited src\/a\.ts: replaced 1 line\(s\) at line 3 with 1 line\(s\)\.\nSecurity findings: none\./);
		assert.equal(await fs.readFile(join(ws.root, 'src/a.ts'), 'utf8'), 'export const a = 1;\nexport function add(x: number) {\n\treturn x + a + 1;\n}\n');
		await editFileTool.execute({ path: 'src/win.ts', old_text: 'const x = 1;\nconst y = 2;', new_text: 'const x = 10;\nconst y = 20;' }, ctx);
		assert.equal(await fs.readFile(join(ws.root, 'src/win.ts'), 'utf8'), 'const x = 10;\r\nconst y = 20;\r\n');
		await assert.rejects(editFileTool.execute({ path: 'src/a.ts', old_text: 'return   x + a + 1;', new_text: 'y' }, ctx), /matches when whitespace is ignored/);
		await assert.rejects(editFileTool.execute({ path: 'src/nothing.ts', old_text: 'a', new_text: 'b' }, ctx), /does not exist; use write_file/);
		await assert.rejects(editFileTool.execute({ path: 'src/a.ts', old_text: 'export const a = 1;', new_text: 'export const a = (;' }, ctx), /does not parse as TypeScript/);
	});
});
