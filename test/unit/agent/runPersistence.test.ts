// Saved runs: the run is on disk after every turn (and every mutating call), a damaged run file is
// reported with its name and left untouched, the run list shows every run and names bad files,
// and a run stopped mid-turn must be continued before it takes a new message.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AgentRun } from '../../../src/core/agent/agentLoop';
import { RunFileError, RunRepository } from '../../../src/core/agent/runs/runRepository';
import { call, newRun, ScriptedModel, tempWorkspace, toolContext } from './support';
import { defaultTools } from '../../../src/core/agent/tools/registry';

describe('run persistence', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let repository: RunRepository;
	beforeEach(async () => {
		ws = await tempWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
		repository = RunRepository.forFolder(join(ws.root, '.rampart'));
	});
	afterEach(() => ws.cleanup());

	it('saves after every turn, with messages, ledger, token counts and state', async () => {
		const seen: Array<{ turns: number; messages: number; status: string }> = [];
		const model = new ScriptedModel([
			{ toolCalls: [call('w1', 'write_file', { path: 'src/b.ts', content: 'export const b = 2;\n' })] },
			async () => {
				const r = await repository.load('run-p');
				seen.push({ turns: r.turns, messages: r.messages.length, status: r.status });
				return { toolCalls: [call('done', 'finish', { summary: 'ok' })] };
			},
		]);
		const run = await newRun(ws.root, model, { persistence: { repository, runId: 'run-p' } });
		assert.equal((await run.send('Write b.')).status, 'finished');
		assert.deepEqual(seen, [{ turns: 1, messages: 4, status: 'running' }], 'turn 1 was on disk before turn 2 was asked');
		const saved = await repository.load('run-p');
		assert.equal(saved.status, 'finished');
		assert.equal(saved.turns, 2);
		assert.deepEqual(saved.tasks, ['Write b.']);
		assert.deepEqual(saved.ledger.writes.map((w) => w.path), ['src/b.ts']);
		assert.equal(saved.messages.length, 6);
		assert.ok(!(await fs.readdir(join(ws.root, '.rampart', 'runs'))).some((f) => f.endsWith('.tmp')), 'no temp files left');
		assert.deepEqual((await repository.list()).runs.map((r) => [r.id, r.status, r.task]), [['run-p', 'finished', 'Write b.']]);
	});

	it('reports a damaged run file by name and leaves it as it was', async () => {
		await fs.mkdir(join(ws.root, '.rampart', 'runs'), { recursive: true });
		const file = join(ws.root, '.rampart', 'runs', 'bad.json');
		await fs.writeFile(file, '{"schemaVersion":1,"id":"bad"');
		const options = { model: new ScriptedModel([]), tools: defaultTools(), context: await toolContext(ws.root), system: 's', persistence: { repository, runId: 'bad' } };
		await assert.rejects(AgentRun.resume(options), (e: unknown) => e instanceof RunFileError && /runs\/bad\.json cannot be used: it is not valid JSON/.test(e.message));
		await fs.writeFile(file, JSON.stringify({ schemaVersion: 1, id: 'bad' }));
		await assert.rejects(AgentRun.resume(options), /runs\/bad\.json cannot be used: .*createdAt/);
		assert.equal(await fs.readFile(file, 'utf8'), JSON.stringify({ schemaVersion: 1, id: 'bad' }));
		const list = await repository.list();
		assert.deepEqual(list.runs, []);
		assert.match(list.problems[0], /bad\.json/);
	});

	it('refuses a new message while a turn is unfinished, and continue() completes it', async () => {
		const first = await newRun(ws.root, new ScriptedModel([{ toolCalls: [call('r1', 'read_file', { path: 'src/a.ts' })] }]), { persistence: { repository, runId: 'run-i' }, maxSteps: 1 });
		await first.send('Read a.');
		const record = await repository.load('run-i');
		// Simulate a crash after the answer was saved but before its results: drop the results.
		record.messages = record.messages.slice(0, -1);
		await repository.save('run-i', () => record);
		const options = { model: new ScriptedModel([{ toolCalls: [call('done', 'finish', { summary: 'read it' })] }]), tools: defaultTools(), context: await toolContext(ws.root), system: 's', persistence: { repository, runId: 'run-i' } };
		const resumed = await AgentRun.resume(options);
		await assert.rejects(resumed.send('new'), /stopped in the middle of a turn: call continue\(\)/);
		const outcome = await resumed.continue();
		assert.equal(outcome.status, 'finished');
		assert.match((resumed.messages.find((m) => m.role === 'tool' && m.toolCallId === 'r1')?.content ?? ''), /export const a = 1;/);
	});
});
