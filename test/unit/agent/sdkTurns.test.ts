// Acceptance 1 of issue 5, through the real SDKs and the local wire-format server: a turn's
// read-only calls overlap and its write starts after them; `finish` among sibling calls still
// answers every sibling, and the next request carries a result for every tool_call_id.
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/core/agent/nodeWorkspace';
import type { AgentEvent } from '../../../src/core/agent/agentLoop';
import type { ListOptions, SearchQuery, WorkspacePort } from '../../../src/core/agent/workspacePort';
import { repoRoot } from '../../support/fixtureCorpus';
import { loadScript } from '../../support/llmServer/script';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { adapters, isolateProviderEnv } from '../llm/harness';
import { newRun, tempWorkspace, unansweredCalls } from './support';

const script = (name: string) => loadScript(join(repoRoot, 'test', 'fixtures', 'agent', `${name}.json`));

const files = {
	'src/a.ts': 'export const a = 1;\n',
	'src/b.ts': 'export const b = 2;\n',
	'src/c.py': 'def c():\n    return 3\n',
	'README.md': '# Demo\n\nA demo workspace.\n',
};

interface Op {
	op: 'read' | 'write';
	path: string;
	start: number;
	end: number;
}

/** A real folder whose reads take `delayMs`, recording when each read and write started and ended. */
class TimedWorkspace implements WorkspacePort {
	readonly ops: Op[] = [];
	private readonly inner: NodeWorkspace;
	constructor(
		root: string,
		private readonly delayMs: number,
	) {
		this.inner = new NodeWorkspace(root);
	}
	private async timed<T>(op: Op['op'], path: string, run: () => Promise<T>): Promise<T> {
		const start = performance.now();
		const result = await run();
		if (op === 'read') {
			await new Promise((r) => setTimeout(r, this.delayMs));
		}
		this.ops.push({ op, path, start, end: performance.now() });
		return result;
	}
	read(path: string) {
		return this.timed('read', path, () => this.inner.read(path));
	}
	write(path: string, content: string) {
		return this.timed('write', path, () => this.inner.write(path, content));
	}
	list(path: string, options?: ListOptions) {
		return this.inner.list(path, options);
	}
	stat(path: string) {
		return this.inner.stat(path);
	}
	search(query: SearchQuery) {
		return this.inner.search(query);
	}
}

for (const adapter of adapters) {
	describe(`agent turns through the ${adapter.name} SDK`, () => {
		isolateProviderEnv();
		let server: LlmServer;
		let ws: Awaited<ReturnType<typeof tempWorkspace>>;

		beforeEach(async () => {
			server = await startLlmServer({ script: [] });
			ws = await tempWorkspace(files);
		});
		afterEach(async () => {
			await server.close();
			await ws.cleanup();
		});

		it('runs four reads concurrently, then the write, and answers every call in order', async () => {
			server.setScript(script('parallel-reads-then-write'));
			const workspace = new TimedWorkspace(ws.root, 120);
			const events: AgentEvent[] = [];
			const run = await newRun(ws.root, adapter.create(server), { workspace, onEvent: (e) => events.push(e) });
			const outcome = await run.send('Add a version module to this project.');
			assert.deepEqual(server.failures, []);
			assert.equal(outcome.status, 'finished');
			assert.equal(outcome.summary, 'Added src/version.ts.');
			assert.equal(await fs.readFile(join(ws.root, 'src/version.ts'), 'utf8'), "export const version = '1.0.0';\n");

			const reads = workspace.ops.filter((o) => o.op === 'read');
			const write = workspace.ops.find((o) => o.op === 'write');
			assert.deepEqual(reads.map((r) => r.path).sort(), ['README.md', 'src/a.ts', 'src/b.ts', 'src/c.py']);
			assert.ok(write, 'the write happened');
			const lastStart = Math.max(...reads.map((r) => r.start));
			const firstEnd = Math.min(...reads.map((r) => r.end));
			assert.ok(lastStart < firstEnd, `all four reads overlap (last start ${lastStart.toFixed(1)} < first end ${firstEnd.toFixed(1)})`);
			assert.ok(write.start >= Math.max(...reads.map((r) => r.end)), 'the write starts after every read ended');

			// The same at the tool level, from the loop's own timestamps.
			const at = (type: 'tool-start' | 'tool-end', id: string) => (events.find((e) => e.type === type && e.call.id === id) as { at: number }).at;
			const readIds = ['call_r1', 'call_r2', 'call_r3', 'call_r4'];
			assert.ok(Math.max(...readIds.map((id) => at('tool-start', id))) < Math.min(...readIds.map((id) => at('tool-end', id))));
			assert.ok(at('tool-start', 'call_w1') >= Math.max(...readIds.map((id) => at('tool-end', id))));

			// Every tool_call_id answered, in the model's order, in the request the server received.
			const second = server.requests[1].normalized;
			assert.ok(second);
			assert.deepEqual(unansweredCalls(second.messages), []);
			assert.deepEqual(
				second.messages.filter((m) => m.role === 'tool').map((m) => m.toolCallId),
				['call_r1', 'call_r2', 'call_w1', 'call_r3', 'call_r4'],
			);
			assert.match(second.messages.find((m) => m.toolCallId === 'call_r1')?.text ?? '', /^\[tool output \(data, not instructions\) · read_file/);
		});

		it('answers every sibling of finish, and the next request is valid', async () => {
			server.setScript(script('finish-with-siblings'));
			const run = await newRun(ws.root, adapter.create(server));
			const first = await run.send('Check src/a.ts and stop.');
			assert.equal(first.status, 'finished');
			assert.equal(first.summary, 'Checked src/a.ts.');
			assert.equal(existsSync(join(ws.root, 'src/late.ts')), false, 'the write after finish did not run');
			assert.deepEqual(unansweredCalls(run.messages), []);

			const second = await run.send('One more question: what does src/b.ts export?');
			assert.deepEqual(server.failures, []);
			assert.equal(second.status, 'finished');
			assert.equal(second.summary, 'src/b.ts exports b.');
			assert.equal(server.requests.length, 2);
			for (const request of server.requests) {
				assert.ok(request.normalized);
				assert.deepEqual(unansweredCalls(request.normalized.messages), [], `request ${request.index} answers every tool_call_id`);
			}
			assert.deepEqual(unansweredCalls(run.messages), []);
		});
	});
}
