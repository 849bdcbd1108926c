// Acceptance 2 of issue 5: hostile arguments are refused with a clear message and the workspace
// tree (hashed before and after, symlinks not followed) is unchanged. The calls go through the
// agent loop (argument parsing, confinement, the tools) with a scripted model.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { call, newRun, ScriptedModel, tempWorkspace, treeHash, unansweredCalls } from './support';

const files = {
	'src/app.ts': "import { a } from './a';\nexport const app = a;\n",
	'src/a.ts': 'export const a = 1;\nexport const b = 1;\n',
	'.git/config': '[core]\n\trepositoryformatversion = 0\n',
	'.rampart/runs.json': '{}\n',
	'.vscode/settings.json': '{}\n',
	'.rampartignore': 'secrets/\n*.pem\n',
	'secrets/prod.env': 'API_KEY=1\n',
	'keys/server.pem': '-----BEGIN-----\n',
};

/** Runs one call through the loop and returns its (unframed) result text and error flag. */
async function attempt(root: string, name: string, args: unknown): Promise<{ text: string; isError: boolean }> {
	const model = new ScriptedModel([{ toolCalls: [call('c1', name, args)] }, { text: 'done' }]);
	const run = await newRun(root, model, { textEndsTurn: true });
	await run.send('Do it.');
	assert.deepEqual(unansweredCalls(run.messages), []);
	const result = run.messages.find((m) => m.role === 'tool');
	assert.ok(result && result.role === 'tool');
	return { text: result.content, isError: result.isError === true };
}

describe('agent: hostile arguments', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let before: string;

	beforeEach(async () => {
		ws = await tempWorkspace(files);
		await fs.symlink(ws.outside, join(ws.root, 'escape'));
		await fs.symlink(join(ws.outside, 'secret.txt'), join(ws.root, 'src', 'secret-link.txt'));
		await fs.symlink(join(ws.root, '.git', 'config'), join(ws.root, 'gitconfig'));
		before = await treeHash(ws.base);
	});
	afterEach(async () => {
		assert.equal(await treeHash(ws.base), before, 'the workspace (and the folder next to it) is unchanged');
		await ws.cleanup();
	});

	const cases: Array<[string, string, unknown, RegExp]> = [
		['../../x (write)', 'write_file', { path: '../../x', content: 'x' }, /climbs out of the workspace/],
		['../../x (read)', 'read_file', { path: '../../x' }, /climbs out of the workspace/],
		['src/../../outside/secret.txt', 'read_file', { path: 'src/../../outside/secret.txt' }, /climbs out of the workspace/],
		['an absolute path', 'read_file', { path: '/etc/passwd' }, /is absolute; only paths relative to the workspace root/],
		['an absolute path (write)', 'write_file', { path: '/tmp/rampart-pwned.txt', content: 'x' }, /is absolute/],
		['a Windows drive path', 'write_file', { path: 'C:\\Windows\\win.ini', content: 'x' }, /is absolute/],
		['a backslash escape', 'read_file', { path: '..\\..\\x' }, /climbs out/],
		['a symlinked folder out of the workspace', 'read_file', { path: 'escape/secret.txt' }, /outside the workspace through a symbolic link/],
		['a write through a symlinked folder', 'write_file', { path: 'escape/new.txt', content: 'x' }, /outside the workspace through a symbolic link/],
		['a symlinked file out of the workspace', 'read_file', { path: 'src/secret-link.txt' }, /outside the workspace through a symbolic link/],
		['an overwrite of a symlink out of the workspace', 'write_file', { path: 'src/secret-link.txt', content: 'x' }, /outside the workspace through a symbolic link/],
		['a symlink to .git/config', 'read_file', { path: 'gitconfig' }, /symbolic link to .*\.git\//],
		['.git/config (read)', 'read_file', { path: '.git/config' }, /inside \.git\/, which Rampart protects/],
		['.git/config (write)', 'write_file', { path: '.git/config', content: '[core]\n' }, /inside \.git\//],
		['.GIT/config (case)', 'write_file', { path: '.GIT/config', content: 'x' }, /inside \.GIT\//],
		['a nested .git', 'write_file', { path: 'vendor/lib/.git/hooks/pre-commit', content: 'x' }, /inside \.git\//],
		['.rampart/', 'write_file', { path: '.rampart/runs.json', content: '{}' }, /inside \.rampart\//],
		['.vscode/', 'edit_file', { path: '.vscode/settings.json', old_text: '{}', new_text: '{"a":1}' }, /inside \.vscode\//],
		['the policy file', 'write_file', { path: '.rampartignore', content: '' }, /policy file/],
		['an ignored folder', 'read_file', { path: 'secrets/prod.env' }, /excluded by \.rampartignore/],
		['an ignored pattern', 'write_file', { path: 'keys/server.pem', content: 'x' }, /excluded by \.rampartignore/],
		['a NUL byte', 'write_file', { path: 'src/a.ts\u0000.txt', content: 'x' }, /contains a NUL byte/],
		['a NUL byte (read)', 'read_file', { path: 'src/app.ts\u0000' }, /contains a NUL byte/],
		['a device name', 'write_file', { path: 'src/con.ts', content: 'x' }, /reserved Windows device name/],
		['a device name (folder)', 'write_file', { path: 'LPT1/a.txt', content: 'x' }, /reserved Windows device name/],
		['a trailing dot', 'write_file', { path: '.git./config', content: 'x' }, /trailing dot or space/],
		['an alternate data stream', 'write_file', { path: 'src/a.ts:evil', content: 'x' }, /":"/],
		['edit_file whose old_text matches twice', 'edit_file', { path: 'src/a.ts', old_text: '= 1;', new_text: '= 2;' }, /matches 2 places in src\/a\.ts \(lines 1, 2\), so nothing was changed/],
		['edit_file whose old_text never matches', 'edit_file', { path: 'src/a.ts', old_text: 'export const zz', new_text: 'x' }, /old_text was not found in src\/a\.ts, so nothing was changed/],
		['edit_file that would empty the file', 'edit_file', { path: 'src/a.ts', old_text: 'export const a = 1;\nexport const b = 1;\n', new_text: '' }, /would leave src\/a\.ts empty/],
		['write_file with empty content over a file', 'write_file', { path: 'src/a.ts', content: '' }, /would erase src\/a\.ts/],
		['write_file with code that does not parse', 'write_file', { path: 'src/a.ts', content: 'export const a = {;\n' }, /does not parse as TypeScript/],
		['write_file with invalid JSON', 'write_file', { path: 'package.json', content: '{"name": }' }, /not valid JSON/],
		['an unknown tool', 'delete_everything', { path: '.' }, /Unknown tool "delete_everything"\. Available tools: read_file/],
		['arguments that are not JSON', 'write_file', '{"path": "a.ts", "content": ', /not valid JSON/],
		['arguments off the schema', 'write_file', { path: 'a.ts', content: 'x', mode: 0o777 }, /do not match its schema/],
	];

	for (const [label, tool, args, message] of cases) {
		it(`refuses ${label}`, async () => {
			const { text, isError } = await attempt(ws.root, tool, args);
			assert.equal(isError, true, text);
			assert.match(text, message);
		});
	}

	it('refuses a 50 MB write with a clear message', async function () {
		this.timeout(60000);
		const { text, isError } = await attempt(ws.root, 'write_file', { path: 'src/big.ts', content: 'a'.repeat(50 * 1024 * 1024) });
		assert.equal(isError, true);
		assert.match(text, /is 50\.0 MB, above the 5\.0 MB limit for one file; nothing was written/);
	});

	it('refuses a 50 MB edit result too', async function () {
		this.timeout(60000);
		const { text, isError } = await attempt(ws.root, 'edit_file', { path: 'src/a.ts', old_text: 'export const a = 1;', new_text: `export const a = '${'a'.repeat(50 * 1024 * 1024)}';` });
		assert.equal(isError, true);
		assert.match(text, /above the 5\.0 MB limit/);
	});
});
