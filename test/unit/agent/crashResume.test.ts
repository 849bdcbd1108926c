// Acceptance 4 of issue 5: a scripted run in a child process (real OpenAI SDK against the local
// test server) is killed with SIGKILL mid-run; resuming it completes the run from the last saved
// point with no file written twice and no turn lost. While the killed process was alive, a second
// driver (this process, and a second child) was refused by the run lock; after the kill, the
// stale lock is taken over.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { RunLock, RunLockedError } from '../../../src/core/agent/runs/runLock';
import { RunRepository } from '../../../src/core/agent/runs/runRepository';
import { toolPairProblems } from '../../../src/core/agent/context/compaction';
import type { ChatMessage } from '../../../src/core/llm/types';
import { repoRoot } from '../../support/fixtureCorpus';
import type { NormalizedRequest } from '../../support/llmServer/normalize';
import type { Step } from '../../support/llmServer/script';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { call, tempWorkspace, unansweredCalls } from './support';

const module = (n: number) => `export const f${n} = ${n};\n`;
const write = (id: string, n: number) => call(id, 'write_file', { path: `src/f${n}.ts`, content: module(n) });

/** The model's turns, chosen by how many turns the request already holds (a resent request gets the same answer). */
const turns = [
	[write('call_w1', 1)],
	[write('call_w2', 2)],
	[write('call_w3', 3), write('call_w4', 4)],
	[call('call_r1', 'read_file', { path: 'src/f1.ts' }), write('call_w5', 5)],
	[call('call_done', 'finish', { summary: 'Generated f1–f5.' })],
];

function scripted(hangAtTurn?: number): (request: NormalizedRequest) => Step {
	let hung = false;
	return (request) => {
		const turn = request.messages.filter((m) => m.role === 'assistant').length;
		const reply = { toolCalls: turns[turn], usage: { input: 300 + turn * 50, output: 40 } };
		if (turn === hangAtTurn && !hung) {
			hung = true;
			return { delayMs: 120_000, reply };
		}
		return { reply };
	};
}

interface Child {
	exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
	pid: number;
	kill(): void;
}

function runChild(env: Record<string, string>): Child {
	const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'unit', 'agent', 'crashResumeChild.ts')], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
	child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
	const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
	return { exit, pid: child.pid ?? -1, kill: () => child.kill('SIGKILL') };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 25));
	}
}

describe('agent run: crash, resume and the run lock across processes', function () {
	this.timeout(120_000);
	let server: LlmServer;
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let log: string;
	let env: Record<string, string>;

	beforeEach(async () => {
		ws = await tempWorkspace({ 'README.md': '# Crash demo\n' });
		log = join(ws.base, 'writes.log');
		await fs.writeFile(log, '');
		server = await startLlmServer({ script: [] });
		env = { RAMPART_TEST_LLM: server.openAiBaseUrl, RAMPART_TEST_WS: ws.root, RAMPART_TEST_RUN: 'crash-run-1', RAMPART_TEST_WRITE_LOG: log };
		for (const name of Object.keys(process.env).filter((n) => /^(OPENAI|ANTHROPIC)_/.test(n))) {
			env[name] = '';
		}
	});
	afterEach(async () => {
		await server.close();
		await ws.cleanup();
	});

	async function finalChecks(): Promise<void> {
		const writes = (await fs.readFile(log, 'utf8')).split('\n').filter(Boolean);
		assert.deepEqual([...writes].sort(), ['src/f1.ts', 'src/f2.ts', 'src/f3.ts', 'src/f4.ts', 'src/f5.ts'], `each file written exactly once (log: ${writes.join(', ')})`);
		for (let n = 1; n <= 5; n++) {
			assert.equal(await fs.readFile(join(ws.root, `src/f${n}.ts`), 'utf8'), module(n));
		}
		const record = await RunRepository.forFolder(join(ws.root, '.rampart')).load('crash-run-1');
		assert.equal(record.status, 'finished');
		assert.equal(record.summary, 'Generated f1–f5.');
		assert.equal(record.turns, turns.length, 'every turn counted once');
		const assistants = record.messages.filter((m) => m.role === 'assistant');
		assert.deepEqual(
			assistants.map((m) => (m.toolCalls ?? []).map((c) => c.id)),
			turns.map((t) => t.map((c) => c.id)),
			'no turn lost or repeated',
		);
		assert.deepEqual(toolPairProblems(record.messages as ChatMessage[]), []);
		assert.deepEqual(record.pendingResults, []);
		assert.deepEqual(server.failures, []);
		for (const request of server.requests) {
			assert.deepEqual(unansweredCalls(request.normalized?.messages ?? []), [], `request ${request.index} answers every tool_call_id`);
		}
		assert.equal(existsSync(join(ws.root, '.rampart', 'runs', 'crash-run-1.lock')), false, 'the lock was released');
	}

	it('killed between a write and its save: the resumed run does not write the file again', async () => {
		server.setScript(scripted());
		const first = runChild({ ...env, RAMPART_TEST_MODE: 'start', RAMPART_TEST_PAUSE_AFTER: 'src/f3.ts' });
		await until(() => existsSync(`${log}.paused`), 'the child to write src/f3.ts');

		// Two windows: while the first driver lives, a second one is refused, here and in another process.
		const port = RunRepository.forFolder(join(ws.root, '.rampart')).port;
		await assert.rejects(RunLock.acquire(port, 'crash-run-1'), (e: unknown) => e instanceof RunLockedError && e.owner.pid === first.pid && /already being driven by process/.test(e.message));
		const second = await runChild({ ...env, RAMPART_TEST_MODE: 'resume' }).exit;
		assert.equal(second.code, 3, `second driver: ${second.stdout} ${second.stderr}`);
		assert.match(second.stderr, /RunLockedError: Run crash-run-1 is already being driven by process \d+/);

		first.kill();
		const killed = await first.exit;
		assert.equal(killed.signal, 'SIGKILL');
		const saved = await RunRepository.forFolder(join(ws.root, '.rampart')).load('crash-run-1');
		assert.equal(saved.status, 'running');
		assert.equal(saved.turns, 2, 'two turns were complete at the kill');
		assert.deepEqual(saved.pendingResults, [], 'the kill came before the result of the f3 write was saved');

		const resumed = await runChild({ ...env, RAMPART_TEST_MODE: 'resume' }).exit;
		assert.equal(resumed.code, 0, resumed.stderr);
		assert.equal((JSON.parse(resumed.stdout) as { status: string }).status, 'finished');
		await finalChecks();
		const resultOfW3 = server.requests.at(-1)?.normalized?.messages.find((m) => m.toolCallId === 'call_w3');
		assert.match(resultOfW3?.text ?? '', /already has this content.*not written again/);
	});

	it('killed while waiting for the model: the resumed run asks again from the last saved turn', async () => {
		server.setScript(scripted(3));
		const first = runChild({ ...env, RAMPART_TEST_MODE: 'start' });
		await until(() => server.requests.length === 4, 'the fourth model call');
		first.kill();
		assert.equal((await first.exit).signal, 'SIGKILL');
		const saved = await RunRepository.forFolder(join(ws.root, '.rampart')).load('crash-run-1');
		assert.equal(saved.turns, 3);
		assert.equal(saved.messages.at(-1)?.role, 'tool', 'the last saved point is a completed turn');

		const resumed = await runChild({ ...env, RAMPART_TEST_MODE: 'resume' }).exit;
		assert.equal(resumed.code, 0, resumed.stderr);
		await finalChecks();
		// The model saw the same history again: the request after the kill equals the one cut off.
		assert.deepEqual(server.requests[4].normalized?.messages, server.requests[3].normalized?.messages);
	});
});
