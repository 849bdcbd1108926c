// detect_env through the real host sandbox: installed runtimes are found with the version they
// print (checked against an independent spawn of each), missing ones are reported as missing, and
// the command policy, workspace trust and the hash-bound approval apply to the version probes.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { commandHashOf, type ApprovalPort, type CommandApprovalRequest } from '../../../src/core/agent/approvals';
import { ToolError } from '../../../src/core/agent/confinement';
import { detectEnvTool, interpretProbe, probes } from '../../../src/core/agent/tools/detectEnv';
import { commandLine, HostSandbox } from '../../../src/core/sandbox/hostSandbox';
import type { SandboxCommand, SandboxPort } from '../../../src/core/sandbox/sandboxPort';
import { callContext, tempWorkspace, toolContext } from './support';

/** The real host sandbox, counting the commands it was asked to run. */
function countingSandbox(root: string, extra: string[] = []): SandboxPort & { runs: SandboxCommand[] } {
	const host = new HostSandbox({ workspaceRoot: root, approval: { runId: 'test', commands: [...probes.map((p) => commandLine(p.program, p.args)), ...extra] }, path: process.env.PATH });
	const runs: SandboxCommand[] = [];
	return { kind: host.kind, runs, available: () => host.available(), run: (c) => (runs.push(c), host.run(c)) };
}

describe('agent tools: detect_env', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	beforeEach(async () => {
		ws = await tempWorkspace({ 'package.json': '{}\n' });
	});
	afterEach(() => ws.cleanup());

	it('reports node with the version this process runs, and agrees with a direct spawn on every runtime', async () => {
		const sandbox = countingSandbox(ws.root);
		const ctx = callContext({ ...(await toolContext(ws.root, { policy: { command: 'auto' } })), sandbox });
		const { content } = await detectEnvTool.execute({}, ctx);
		assert.match(content, /^Runtimes where commands run \(this machine\): \d+ of \d+ found\./);
		assert.match(content, new RegExp(`^- node: ${process.versions.node.replace(/\./g, '\\.')} `, 'm'));
		assert.equal(sandbox.runs.length, probes.length);
		assert.ok(sandbox.runs.every((r) => r.network === 'none' && r.timeoutMs <= 5000 && r.cwd === ''), 'short timeout, no network, workspace root');
		const direct = await Promise.all(
			probes.map(
				(probe) =>
					new Promise<{ missing: boolean; status: number | null }>((resolve) => {
						execFile(probe.program, [...probe.args], { env: { PATH: process.env.PATH ?? '' }, timeout: 10_000 }, (error) => {
							const code = (error as NodeJS.ErrnoException | null)?.code;
							resolve({ missing: code === 'ENOENT', status: error ? (typeof code === 'number' ? code : null) : 0 });
						});
					}),
			),
		);
		probes.forEach((probe, i) => {
			const line = new RegExp(`^- ${probe.name}: (.*)$`, 'm').exec(content)?.[1] ?? '';
			if (direct[i].missing) {
				assert.equal(line, 'missing', `${probe.name} is not on PATH`);
			} else if (direct[i].status === 0) {
				assert.notEqual(line, 'missing', `${probe.name} is installed`);
			}
		});
	});

	it('reports a program that is not installed as missing, from a real spawn', async () => {
		const host = new HostSandbox({ workspaceRoot: ws.root, approval: { runId: 't', commands: ['rampart-no-such-runtime --version'] }, path: process.env.PATH });
		const result = await host.run({ command: 'rampart-no-such-runtime', args: ['--version'], cwd: '', timeoutMs: 5000, network: 'none' });
		assert.deepEqual(interpretProbe('nothing', result), { name: 'nothing', status: 'missing', detail: 'not installed (not on PATH)' });
		assert.equal(interpretProbe('x', new Error('spawn x ENOENT')).status, 'missing');
	});

	it('checks only the runtimes asked for', async () => {
		const sandbox = countingSandbox(ws.root);
		const ctx = callContext({ ...(await toolContext(ws.root, { policy: { command: 'auto' } })), sandbox });
		const { content } = await detectEnvTool.execute({ names: ['node', 'npm'] }, ctx);
		assert.deepEqual(sandbox.runs.map((r) => r.command), ['node', 'npm']);
		assert.match(content, /: \d of 2 found\.\n- node: .*\n- npm: /);
		assert.equal(detectEnvTool.definition.schema.safeParse({ names: ['node; rm -rf /'] }).success, false, 'no model-chosen program');
	});

	it('runs nothing when commands are denied, the workspace is untrusted, or the user says no', async () => {
		const sandbox = countingSandbox(ws.root);
		const deny = callContext({ ...(await toolContext(ws.root, { policy: { command: 'deny' } })), sandbox });
		await assert.rejects(detectEnvTool.execute({}, deny), (e: unknown) => e instanceof ToolError && /disabled by the approval policy/.test(e.message));
		const untrusted = callContext({ ...(await toolContext(ws.root, { policy: { command: 'auto' } })), sandbox, trusted: false });
		await assert.rejects(detectEnvTool.execute({}, untrusted), (e: unknown) => e instanceof ToolError && /not trusted/.test(e.message));
		const asked: CommandApprovalRequest[] = [];
		const port: ApprovalPort = { requestWrite: () => Promise.reject(new Error('no writes here')), requestCommand: async (r) => (asked.push(r), { approved: false, changeHash: r.changeHash, reason: 'not now' }) };
		const ask = callContext({ ...(await toolContext(ws.root, { policy: { command: 'ask' }, port })), sandbox });
		await assert.rejects(detectEnvTool.execute({ names: ['node'] }, ask), (e: unknown) => e instanceof ToolError && /did not approve .*: not now/.test(e.message));
		assert.equal(asked.length, 1);
		assert.equal(asked[0].changeHash, commandHashOf('detect_env', ['node --version'], '', 'none'));
		assert.equal(sandbox.runs.length, 0, 'no probe ran');
		const noSandbox = callContext(await toolContext(ws.root, { policy: { command: 'auto' } }));
		await assert.rejects(detectEnvTool.execute({}, noSandbox), (e: unknown) => e instanceof ToolError && /No command runner/.test(e.message));
	});
});
