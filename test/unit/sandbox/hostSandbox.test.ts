import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandLine, HostSandbox } from '../../../src/core/sandbox/hostSandbox';
import type { SandboxCommand } from '../../../src/core/sandbox/sandboxPort';

describe('HostSandbox (approved host execution)', function () {
	this.timeout(30_000);
	let workspace: string;
	const cmd = (command: string, args: string[], extra: Partial<SandboxCommand> = {}): SandboxCommand => ({
		command,
		args,
		cwd: '',
		timeoutMs: 10_000,
		network: 'none',
		...extra,
	});
	const approved = (...lines: string[]): HostSandbox => new HostSandbox({ workspaceRoot: workspace, approval: { runId: 'test', commands: lines } });

	before(async () => {
		workspace = await fs.mkdtemp(join(tmpdir(), 'rampart-host-'));
		await fs.writeFile(join(workspace, 'data.txt'), 'host data\n');
	});
	after(async () => fs.rm(workspace, { recursive: true, force: true }));

	it('quotes command lines the way they are shown for approval', () => {
		assert.equal(commandLine('npm', ['test']), 'npm test');
		assert.equal(commandLine('sh', ['-c', "echo 'hi' && id"]), `sh -c 'echo '\\''hi'\\'' && id'`);
	});

	it('refuses a command line the approval does not name', async () => {
		const sandbox = approved('cat data.txt');
		await assert.rejects(sandbox.run(cmd('cat', ['data.txt', '/etc/passwd'])), /Not approved for this run/);
		await assert.rejects(sandbox.run(cmd('rm', ['data.txt'])), /Not approved/);
		assert.equal(await fs.readFile(join(workspace, 'data.txt'), 'utf8'), 'host data\n');
	});

	it('runs an approved command in the workspace without a shell', async () => {
		const sandbox = approved('cat data.txt', `echo '$HOME;' '\`id\`'`);
		const cat = await sandbox.run(cmd('cat', ['data.txt']));
		assert.deepEqual([cat.exitCode, cat.stdout, cat.where], [0, 'host data\n', 'host']);
		const echo = await sandbox.run(cmd('echo', ['$HOME;', '`id`']));
		assert.equal(echo.stdout, '$HOME; `id`\n');
	});

	it('passes only allow-listed variables, never the host environment', async () => {
		process.env.RAMPART_TEST_HOST_SECRET = 'host-secret-value';
		try {
			const result = await approved('env').run(cmd('env', [], { env: { CI: 'true', ANTHROPIC_API_KEY: 'sk-ant-nope' } }));
			const names = result.stdout.split('\n').filter(Boolean).map((l) => l.slice(0, l.indexOf('=')));
			assert.deepEqual(names.sort(), ['CI', 'PATH']);
		} finally {
			delete process.env.RAMPART_TEST_HOST_SECRET;
		}
	});

	it('kills the whole process group on timeout and reports it', async () => {
		const marker = join(workspace, 'late.txt');
		const script = '(sleep 2; echo late > late.txt) & wait';
		const result = await approved(commandLine('sh', ['-c', script])).run(cmd('sh', ['-c', script], { timeoutMs: 800 }));
		assert.equal(result.killedBy, 'timeout');
		assert.equal(result.exitCode, null);
		await new Promise((r) => setTimeout(r, 2500));
		await assert.rejects(fs.access(marker), 'the child of the killed shell did not survive');
	});

	it('reports a missing program as exit 127 with the reason', async () => {
		const result = await approved('rampart-no-such-program').run(cmd('rampart-no-such-program', []));
		assert.equal(result.exitCode, 127);
		assert.match(result.stderr, /ENOENT/);
	});
});
