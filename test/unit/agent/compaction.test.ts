// Acceptance 3 of issue 5, through the real SDKs and the local server: a run scripted past its
// token budget keeps working; every request keeps each tool call with its results; the middle of
// the history is summarised by a real model call; the first request after compaction carries the
// anchors (task, PRD, architecture index, current file's threats, written files); a provider
// context-overflow error is answered by a deterministic cut with no summary call.
import * as assert from 'node:assert/strict';
import { cutHeading, safeCut, summaryHeading, toolPairProblems } from '../../../src/core/agent/context/compaction';
import type { ContextEvent } from '../../../src/core/agent/context/contextManager';
import type { AgentEvent } from '../../../src/core/agent/agentLoop';
import type { ChatMessage } from '../../../src/core/llm/types';
import type { NormalizedRequest } from '../../support/llmServer/normalize';
import type { Step } from '../../support/llmServer/script';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { adapters, isolateProviderEnv } from '../llm/harness';
import { call, newRun, tempWorkspace, unansweredCalls } from './support';

/** ~1000 tokens of distinct text per file. */
const bigFile = (n: number) => Array.from({ length: 60 }, (_, i) => `export const value${n}_${i} = 'module ${n} line ${i} padding padding padding';`).join('\n') + '\n';
const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`src/f${i + 1}.ts`, bigFile(i + 1)]));
const task = 'Review modules f1–f8 and write src/notes.ts.';
const anchors = { prd: 'PRD-ANCHOR: the notes module lists every module.', architectureIndex: 'ARCH-ANCHOR: src/ holds one module per file.', threatsFor: (path: string) => `THREATS-ANCHOR for ${path}: T1 injection.` };
const isSummaryRequest = (r: NormalizedRequest) => r.system.includes('compress the working history');
const read = (id: string, n: number) => call(id, 'read_file', { path: `src/f${n}.ts` });

/** Main turns: write notes, read f1…f8 one per turn, re-read f1 (summarised away) and f8 (still in context), finish. */
const mainTurns = [
	[call('w_notes', 'write_file', { path: 'src/notes.ts', content: 'export const notes = [];\n' })],
	...Array.from({ length: 8 }, (_, i) => [read(`r${i + 1}`, i + 1)]),
	[read('again1', 1), read('again8', 8)],
	[call('done', 'finish', { summary: 'Reviewed all modules.' })],
];

function script(options: { summaryDelayMs?: number; overflowAbove?: number } = {}): (r: NormalizedRequest) => Step {
	let main = 0;
	return (request) => {
		if (isSummaryRequest(request)) {
			return { delayMs: options.summaryDelayMs, reply: { text: 'SUMMARY: notes.ts written; modules read so far have plain constants, no findings.', usage: { input: 900, output: 30 } } };
		}
		const chars = JSON.stringify(request.messages).length;
		if (options.overflowAbove !== undefined && chars > options.overflowAbove) {
			return { error: { status: 400, kind: 'context-overflow' } };
		}
		const turn = mainTurns[main++];
		return { reply: { toolCalls: turn } };
	};
}

const mainRequests = (server: LlmServer) => server.requests.filter((r) => r.normalized && !isSummaryRequest(r.normalized) && r.status === 200);

for (const adapter of adapters.filter((a) => a.name !== 'openai-compatible')) {
	describe(`compaction through the ${adapter.name} SDK`, () => {
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

		it('summarises the middle past the budget, keeps tool pairs, re-injects anchors, and reads again what was summarised away', async () => {
			server.setScript(script());
			const events: ContextEvent[] = [];
			const run = await newRun(ws.root, adapter.create(server), {
				contextManagement: { contextWindow: 7000, reservedForOutput: 1000, keepTurns: 2, anchors },
				onEvent: (e: AgentEvent) => e.type === 'context' && events.push(e.event),
			});
			const outcome = await run.send(task);
			assert.deepEqual(server.failures, []);
			assert.equal(outcome.status, 'finished', outcome.summary);
			assert.ok(run.compactions >= 1, 'at least one compaction');
			assert.ok(events.some((e) => e.type === 'compacted' && e.kind === 'summary'));

			// The broken-history check the server would make: every request answers every tool_call_id.
			for (const r of server.requests) {
				assert.deepEqual(unansweredCalls(r.normalized?.messages ?? []), [], `request ${r.index}`);
			}
			assert.deepEqual(toolPairProblems(run.messages), []);

			const summaries = server.requests.filter((r) => r.normalized && isSummaryRequest(r.normalized));
			assert.ok(summaries.length >= 1, 'the middle was summarised by a model call');
			assert.match(summaries[0].normalized?.messages[0].text ?? '', /write_file|read_file/);

			const main = mainRequests(server);
			const firstAfter = main.find((r) => r.normalized?.messages.some((m) => m.text.includes(summaryHeading)));
			assert.ok(firstAfter, 'a request after compaction');
			const text = firstAfter.normalized?.messages.find((m) => m.text.includes(summaryHeading))?.text ?? '';
			assert.match(text, /SUMMARY: notes\.ts written/);
			assert.match(text, /### Task\nReview modules f1–f8/);
			assert.match(text, /PRD-ANCHOR/);
			assert.match(text, /ARCH-ANCHOR/);
			assert.match(text, /THREATS-ANCHOR for src\/f\d\.ts/);
			assert.match(text, /### Files written so far\n- src\/notes\.ts \(sha256 [0-9a-f]{12}, write_file call w_notes\)/);

			// Every request stayed within the budget the run computed.
			const budget = run.tokenBudget;
			assert.ok(budget);
			const biggest = Math.max(...main.map((r) => JSON.stringify(r.normalized?.messages).length));
			const before = main.findIndex((r) => r === firstAfter);
			assert.ok(JSON.stringify(firstAfter.normalized?.messages).length < JSON.stringify(main[before - 1].normalized?.messages).length, 'compaction made the request smaller');
			assert.ok(biggest / 4 < budget.limit, `largest request ~${Math.round(biggest / 4)} tokens < limit ${budget.limit}`);

			// Read ledger: f1's earlier result was summarised away, so it comes back in full; f8's is still in context.
			const last = main.at(-1)?.normalized?.messages ?? [];
			assert.match(last.find((m) => m.toolCallId === 'again1')?.text ?? '', /value1_59/);
			assert.match(last.find((m) => m.toolCallId === 'again8')?.text ?? '', /unchanged since read_file call r8 .*Not repeated here/);
		});

		it('waits for the summary at the blocking level', async () => {
			server.setScript(script({ summaryDelayMs: 300 }));
			const run = await newRun(ws.root, adapter.create(server), { contextManagement: { contextWindow: 5200, reservedForOutput: 1000, backgroundAt: 0.9, blockingAt: 0.95, keepTurns: 1, anchors } });
			assert.equal((await run.send(task)).status, 'finished');
			assert.deepEqual(server.failures, []);
			const summary = server.requests.find((r) => r.normalized && isSummaryRequest(r.normalized));
			assert.ok(summary);
			const next = server.requests.find((r) => r.index > summary.index && r.normalized && !isSummaryRequest(r.normalized));
			assert.ok(next?.normalized?.messages.some((m) => m.text.includes(summaryHeading)), 'the next call waited for the summary and carries it');
			for (const r of server.requests) {
				assert.deepEqual(unansweredCalls(r.normalized?.messages ?? []), [], `request ${r.index}`);
			}
		});

		it('cuts deterministically, without a model call, when the provider reports overflow', async () => {
			server.setScript(script({ overflowAbove: 14_000 }));
			const run = await newRun(ws.root, adapter.create(server), { contextManagement: { contextWindow: 1_000_000, keepTurns: 2, anchors } });
			assert.equal((await run.send(task)).status, 'finished');
			assert.equal(server.requests.filter((r) => r.normalized && isSummaryRequest(r.normalized)).length, 0, 'no summary call');
			const overflowed = server.requests.filter((r) => r.status === 400);
			assert.ok(overflowed.length >= 1, 'the provider reported overflow');
			const retry = server.requests[overflowed[0].index + 1].normalized;
			const cut = retry?.messages.find((m) => m.text.includes(cutHeading))?.text ?? '';
			assert.match(cut, /context window was full/);
			assert.match(cut, /### Task\nReview modules/);
			for (const r of server.requests) {
				assert.deepEqual(unansweredCalls(r.normalized?.messages ?? []), [], `request ${r.index}`);
			}
		});
	});
}

describe('compaction boundaries', () => {
	const turn = (id: string): ChatMessage[] => [
		{ role: 'assistant', content: '', toolCalls: [{ id: `${id}a`, name: 'read_file', arguments: '{}' }, { id: `${id}b`, name: 'read_file', arguments: '{}' }] },
		{ role: 'tool', toolCallId: `${id}a`, toolName: 'read_file', content: 'x' },
		{ role: 'tool', toolCallId: `${id}b`, toolName: 'read_file', content: 'y' },
	];
	it('cuts only in front of an assistant message and keeps the last turns', () => {
		const history: ChatMessage[] = [{ role: 'system', content: 's' }, { role: 'user', content: 'task' }, ...turn('1'), ...turn('2'), { role: 'user', content: 'nudge' }, ...turn('3')];
		const cut = safeCut(history, 2);
		assert.equal(cut, 5);
		assert.equal(history[cut].role, 'assistant');
		assert.equal(safeCut(history, 3), undefined, 'nothing before the three kept turns but the task');
		assert.deepEqual(toolPairProblems(history.slice(0, 1).concat(history.slice(cut))), []);
		assert.notDeepEqual(toolPairProblems(history.slice(0, 1).concat(history.slice(cut + 1))), [], 'a cut after the assistant message would orphan its results');
	});
});
