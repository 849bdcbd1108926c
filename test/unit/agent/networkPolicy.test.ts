// The network approval category: a command that asks for the network is refused unless the policy
// allows network access; when it asks, the question (and the hash the user approves) names the
// network; the runner then gets network "allowed" — and never without that approval.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { commandHashOf, type ApprovalPolicy, type CommandApprovalRequest } from '../../../src/core/agent/approvals';
import { ToolError } from '../../../src/core/agent/confinement';
import { runCommandTool } from '../../../src/core/agent/tools/runCommand';
import { commandLine, HostSandbox } from '../../../src/core/sandbox/hostSandbox';
import type { SandboxCommand } from '../../../src/core/sandbox/sandboxPort';
import { callContext, tempWorkspace, toolContext } from './support';

const touch = "require('fs').writeFileSync('ran.txt', 'ran')";

describe('agent tools: run_command and the network policy', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	beforeEach(async () => {
		ws = await tempWorkspace({});
	});
	afterEach(() => ws.cleanup());

	async function attempt(policy: Partial<ApprovalPolicy>, answer?: (r: CommandApprovalRequest) => boolean) {
		const host = new HostSandbox({ workspaceRoot: ws.root, approval: { runId: 'net', commands: [commandLine('node', ['-e', touch])] }, path: process.env.PATH });
		const runs: SandboxCommand[] = [];
		const asked: CommandApprovalRequest[] = [];
		const port = {
			requestWrite: () => Promise.reject(new Error('no writes here')),
			requestCommand: async (r: CommandApprovalRequest) => (asked.push(r), { approved: answer?.(r) ?? false, changeHash: r.changeHash }),
		};
		const ctx = callContext({ ...(await toolContext(ws.root, { policy: { command: 'auto', ...policy }, port })), sandbox: { kind: host.kind, available: () => host.available(), run: (c) => (runs.push(c), host.run(c)) } });
		const result = await runCommandTool.execute({ command: 'node', args: ['-e', touch], network: true }, ctx).then(
			(out) => ({ out, error: undefined }),
			(error: unknown) => ({ out: undefined, error }),
		);
		return { result, runs, asked, ran: existsSync(join(ws.root, 'ran.txt')) };
	}

	it('refuses a command that wants the network when the policy has no network entry (deny)', async () => {
		const { result, runs, ran } = await attempt({});
		assert.ok(result.error instanceof ToolError);
		assert.match(result.error.message, /network access are disabled by the approval policy/);
		assert.deepEqual(runs, []);
		assert.equal(ran, false);
	});

	it('asks with the network named in the approval, and runs with network only after a yes', async () => {
		const no = await attempt({ network: 'ask' }, () => false);
		assert.equal(no.asked.length, 1);
		assert.equal(no.asked[0]?.network, 'allowed');
		assert.equal(no.asked[0]?.changeHash, commandHashOf('node', ['-e', touch], '', 'allowed'));
		assert.notEqual(no.asked[0]?.changeHash, commandHashOf('node', ['-e', touch], '', 'none'), 'approving the command without network would not approve this');
		assert.deepEqual(no.runs, []);
		assert.equal(no.ran, false);

		const yes = await attempt({ network: 'ask' }, () => true);
		assert.equal(yes.result.error, undefined);
		assert.equal(yes.runs[0]?.network, 'allowed');
		assert.equal(yes.ran, true);
	});

	it('a command policy of ask still asks when the network policy is auto', async () => {
		const { asked, runs } = await attempt({ command: 'ask', network: 'auto' }, () => true);
		assert.equal(asked.length, 1);
		assert.equal(runs[0]?.network, 'allowed');
	});
});
