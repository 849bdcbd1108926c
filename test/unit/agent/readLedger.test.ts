// The read ledger through the real OpenAI SDK: a read of unchanged content whose earlier result is
// still in the conversation is answered with a note; a changed file, or the ledger switched off,
// sends the content again; a file unchanged since a write_file call still in context is not resent.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ToolCall } from '../../../src/core/llm/types';
import type { Step } from '../../support/llmServer/script';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { adapters, isolateProviderEnv } from '../llm/harness';
import { call, newRun, tempWorkspace } from './support';

const openai = adapters.find((a) => a.name === 'openai');

describe('read ledger', () => {
	isolateProviderEnv();
	let server: LlmServer;
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	beforeEach(async () => {
		server = await startLlmServer({ script: [] });
		ws = await tempWorkspace({ 'src/a.ts': 'export const a = 1;\n' });
	});
	afterEach(async () => {
		await server.close();
		await ws.cleanup();
	});

	const steps = (turns: ToolCall[][], between?: (turn: number) => Promise<void>) => {
		let n = 0;
		return async (): Promise<Step> => {
			await between?.(n);
			return { reply: { toolCalls: turns[n++] } };
		};
	};
	const resultOf = (id: string) => server.requests.at(-1)?.normalized?.messages.find((m) => m.toolCallId === id)?.text ?? '';

	it('answers an unchanged re-read with a note, and a changed file with its content', async () => {
		assert.ok(openai);
		server.setScript(
			steps(
				[
					[call('r1', 'read_file', { path: 'src/a.ts' })],
					[call('r2', 'read_file', { path: 'src/a.ts' })],
					[call('r3', 'read_file', { path: 'src/a.ts' })],
					[call('w1', 'write_file', { path: 'src/b.ts', content: 'export const b = 2;\n' })],
					[call('r4', 'read_file', { path: 'src/b.ts' })],
					[call('done', 'finish', { summary: 'ok' })],
				],
				async (turn) => {
					if (turn === 2) {
						await fs.writeFile(join(ws.root, 'src/a.ts'), 'export const a = 42;\n');
					}
				},
			),
		);
		const run = await newRun(ws.root, openai.create(server));
		assert.equal((await run.send('Look at a.ts twice.')).status, 'finished');
		assert.deepEqual(server.failures, []);
		assert.match(resultOf('r1'), /export const a = 1;/);
		assert.match(resultOf('r2'), /src\/a\.ts is unchanged since read_file call r1/);
		assert.doesNotMatch(resultOf('r2'), /export const a/);
		assert.match(resultOf('r3'), /export const a = 42;/, 'changed on disk: read again');
		assert.match(resultOf('r4'), /src\/b\.ts is unchanged .* since you wrote it with write_file call w1/);
		assert.equal(run.ledger.readsAvoided, 2);
		assert.deepEqual(
			run.ledger.written().map((w) => [w.path, w.callId]),
			[['src/b.ts', 'w1']],
		);
	});

	it('sends the content every time when the ledger is off', async () => {
		assert.ok(openai);
		server.setScript(steps([[call('r1', 'read_file', { path: 'src/a.ts' })], [call('r2', 'read_file', { path: 'src/a.ts' })], [call('done', 'finish', { summary: 'ok' })]]));
		const run = await newRun(ws.root, openai.create(server), { readLedger: false });
		assert.equal((await run.send('Look at a.ts twice.')).status, 'finished');
		assert.match(resultOf('r2'), /export const a = 1;/);
		assert.equal(run.ledger.readsAvoided, 0);
	});
});
