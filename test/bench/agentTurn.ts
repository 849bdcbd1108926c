// Agent turn benchmarks (issue 5, acceptance 7), through the real OpenAI SDK and the local test
// server: (1) the wall time of one turn whose N read-only tool calls take known, different times,
// against their sum and the slowest one (target ≤ 1.2 × the slowest); (2) in a scripted 20-file
// generation that reads every file back twice, how many reads sent unchanged content the
// conversation already held (target 0 with the read ledger; shown without it for comparison).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AgentRun, type AgentEvent } from '../../src/core/agent/agentLoop';
import { sha256 } from '../../src/core/agent/auditLog';
import { defaultTools, ToolRegistry } from '../../src/core/agent/tools/registry';
import { agentTool } from '../../src/core/agent/tools/tool';
import { finishTool } from '../../src/core/agent/tools/finish';
import { OpenAiChatModel } from '../../src/core/llm/openAiChatModel';
import type { ChatMessage, ToolCall } from '../../src/core/llm/types';
import { startLlmServer, type LlmServer } from '../support/llmServer/server';
import { toolContext } from '../unit/agent/support';

const durationsMs = [40, 80, 120, 160, 200, 240, 280, 320];

const waitTool = agentTool({
	name: 'inspect',
	description: 'Read-only inspection that takes `ms` milliseconds.',
	readOnly: true,
	schema: z.object({ ms: z.number().int().min(0).max(10_000) }).strict(),
	async execute(input) {
		await new Promise((r) => setTimeout(r, input.ms));
		return { content: `inspected for ${input.ms} ms` };
	},
});

const model = (server: LlmServer) => new OpenAiChatModel({ profileId: 'bench', model: 'gpt-4.1-mini', apiKey: 'sk-bench', baseUrl: server.openAiBaseUrl });
const call = (id: string, name: string, args: unknown): ToolCall => ({ id, name, arguments: JSON.stringify(args) });

async function concurrentTurn(root: string): Promise<{ wallMs: number; sumMs: number; slowestMs: number }> {
	const turns = [durationsMs.map((ms, i) => call(`c${i}`, 'inspect', { ms })), [call('done', 'finish', { summary: 'ok' })]];
	let n = 0;
	const server = await startLlmServer({ script: () => ({ reply: { toolCalls: turns[n++] } }) });
	try {
		let first = Infinity;
		let last = 0;
		const onEvent = (e: AgentEvent) => {
			if (e.type === 'tool-start' && e.call.name === 'inspect') {
				first = Math.min(first, e.at);
			} else if (e.type === 'tool-end' && e.call.name === 'inspect') {
				last = Math.max(last, e.at);
			}
		};
		const run = new AgentRun({ model: model(server), tools: new ToolRegistry([waitTool, finishTool]), context: await toolContext(root), system: 'bench', concurrency: 8, onEvent, contextManagement: false });
		await run.send('inspect');
		return { wallMs: last - first, sumMs: durationsMs.reduce((a, b) => a + b, 0), slowestMs: Math.max(...durationsMs) };
	} finally {
		await server.close();
	}
}

/** Reads that sent content the conversation already held unchanged (from a read or a write_file call). */
function repeatedReads(messages: readonly ChatMessage[]): number {
	const known = new Map<string, string>();
	const args = new Map<string, { name: string; path: string; content?: string }>();
	let repeated = 0;
	for (const m of messages) {
		if (m.role === 'assistant') {
			for (const c of m.toolCalls ?? []) {
				args.set(c.id, { name: c.name, ...(JSON.parse(c.arguments) as { path: string; content?: string }) });
			}
		} else if (m.role === 'tool') {
			const a = args.get(m.toolCallId);
			if (a?.name === 'write_file' && !m.isError && a.content !== undefined) {
				known.set(a.path, sha256(a.content));
			} else if (a?.name === 'read_file' && !m.isError && m.content.includes('(lines ')) {
				const body = m.content.split('\n').filter((line) => /^\s*\d+\t/.test(line)).map((line) => line.replace(/^\s*\d+\t/, '')).join('\n') + '\n';
				if (known.get(a.path) === sha256(body)) {
					repeated++;
				}
				known.set(a.path, sha256(body));
			}
		}
	}
	return repeated;
}

async function generation(root: string, ledger: boolean): Promise<{ reads: number; repeated: number; avoided: number }> {
	const files = Array.from({ length: 20 }, (_, i) => `src/module${i + 1}.ts`);
	const turns: ToolCall[][] = [
		...files.map((path, i) => [call(`w${i}`, 'write_file', { path, content: `export const m${i + 1} = ${i + 1};\n` })]),
		files.map((path, i) => call(`check${i}`, 'read_file', { path })),
		files.map((path, i) => call(`again${i}`, 'read_file', { path })),
		[call('done', 'finish', { summary: 'generated' })],
	];
	let n = 0;
	const server = await startLlmServer({ script: () => ({ reply: { toolCalls: turns[n++] } }) });
	try {
		const run = new AgentRun({ model: model(server), tools: defaultTools(), context: await toolContext(root), system: 'bench', readLedger: ledger, maxSteps: 30 });
		await run.send('Generate 20 modules.');
		return { reads: files.length * 2, repeated: repeatedReads(run.messages), avoided: run.ledger.readsAvoided };
	} finally {
		await server.close();
	}
}

export async function benchAgentTurn(out: (line: string) => void): Promise<void> {
	const base = mkdtempSync(join(tmpdir(), 'rampart-bench-agent-'));
	try {
		const turn = await concurrentTurn(join(base));
		const ratio = turn.wallMs / turn.slowestMs;
		out(`Agent turn: ${durationsMs.length} concurrent read-only tools (${durationsMs.join(', ')} ms)`);
		out(`  | measure                 | ms      |`);
		out(`  |-------------------------|---------|`);
		out(`  | wall time of the tools  | ${turn.wallMs.toFixed(0).padStart(7)} |`);
		out(`  | sum of the tools        | ${String(turn.sumMs).padStart(7)} |`);
		out(`  | slowest tool            | ${String(turn.slowestMs).padStart(7)} |`);
		out(`  wall / slowest = ${ratio.toFixed(2)} (target ≤ 1.20: ${ratio <= 1.2 ? 'met' : 'MISSED'}); wall / sum = ${(turn.wallMs / turn.sumMs).toFixed(2)}`);
		const withLedger = await generation(mkdtempSync(join(base, 'on-')), true);
		const without = await generation(mkdtempSync(join(base, 'off-')), false);
		out('Agent 20-file generation (20 writes, then every file read back twice)');
		out('  | read ledger | reads | repeated reads of unchanged files | answered from the ledger |');
		out('  |-------------|-------|-----------------------------------|--------------------------|');
		out(`  | on          | ${String(withLedger.reads).padStart(5)} | ${String(withLedger.repeated).padStart(33)} | ${String(withLedger.avoided).padStart(24)} |`);
		out(`  | off         | ${String(without.reads).padStart(5)} | ${String(without.repeated).padStart(33)} | ${String(without.avoided).padStart(24)} |`);
		out(`  target: 0 repeated reads with the ledger: ${withLedger.repeated === 0 ? 'met' : 'MISSED'}`);
	} finally {
		rmSync(base, { recursive: true, force: true });
	}
}
