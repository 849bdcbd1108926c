// Tokens of the scripted generation (the Express login project of test/fixtures/pipeline) through
// the real OpenAI SDK and the local wire-format server: per stage, per generated file (the code
// stage's requests, grouped by the file they wrote) and in total. The server counts tokens as
// characters / 4 of what the client really sent, so the figures follow prompt size exactly.
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecurityEngine } from '../../language-server/src/engine/securityEngine';
import { NodeWorkspace } from '../../src/core/agent/nodeWorkspace';
import { OpenAiChatModel } from '../../src/core/llm/openAiChatModel';
import { runPipeline } from '../../src/core/pipeline/pipelineRunner';
import * as project from '../fixtures/pipeline/expressLoginProject';
import { startLlmServer } from '../support/llmServer/server';
import { kindOf } from '../unit/pipeline/scriptedModel';
import { scriptedProject } from '../unit/pipeline/scriptedModel';

export async function benchPipeline(out: (line: string) => void): Promise<void> {
	const scripted = scriptedProject();
	const server = await startLlmServer({ script: scripted.script });
	const root = await fs.mkdtemp(join(tmpdir(), 'rampart-pipeline-bench-'));
	try {
		const model = new OpenAiChatModel({ profileId: 'bench', model: 'gpt-4.1-mini', apiKey: 'sk-bench', baseUrl: server.openAiBaseUrl });
		const result = await runPipeline({ prompt: project.prompt, root, model, workspace: new NodeWorkspace(root), engine: () => SecurityEngine.create() });
		const perStage = new Map<string, { input: number; output: number; calls: number }>();
		const perFile = new Map<string, { input: number; output: number; calls: number }>();
		for (const r of server.requests) {
			if (!r.normalized || !r.reportedUsage) {continue;}
			const kind = kindOf(r.normalized);
			const add = (map: Map<string, { input: number; output: number; calls: number }>, key: string) => {
				const v = map.get(key) ?? { input: 0, output: 0, calls: 0 };
				v.input += r.reportedUsage!.inputTokens;
				v.output += r.reportedUsage!.outputTokens;
				v.calls++;
				map.set(key, v);
			};
			add(perStage, kind === 'code' ? 'code' : kind);
			if (kind === 'code') {
				const lastUser = [...r.normalized.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
				const file = /^(?:Write (\S+) \(|The security scanner found \d+ problem\(s\) in (\S+) )/.exec(lastUser);
				add(perFile, file?.[1] ?? file?.[2] ?? '?');
			}
		}
		out(`Pipeline (scripted Express login API, ${result.files.length} files, ${server.requests.length} model calls):`);
		out('| stage step | calls | input tokens | output tokens |');
		out('|---|---|---|---|');
		for (const [k, v] of perStage) {out(`| ${k} | ${v.calls} | ${v.input} | ${v.output} |`);}
		out('| file (code stage) | calls | input tokens | output tokens |');
		out('|---|---|---|---|');
		for (const [k, v] of perFile) {out(`| ${k} | ${v.calls} | ${v.input} | ${v.output} |`);}
		const code = perStage.get('code') ?? { input: 0, output: 0, calls: 0 };
		out(`Tokens per generated file (code stage): ${Math.round((code.input + code.output) / Math.max(1, result.files.length))}`);
		out(`Total tokens: ${result.usage.total.inputTokens} input + ${result.usage.total.outputTokens} output = ${result.usage.total.inputTokens + result.usage.total.outputTokens}`);
	} finally {
		await server.close();
		await fs.rm(root, { recursive: true, force: true });
	}
	out('');
	await benchPipelineRereads(out);
}

/** One scripted generation whose model reads each dependency before writing a file. */
async function codeStageTokens(readLedger: boolean): Promise<{ codeInput: number; total: number; reads: number; resent: number }> {
	const scripted = scriptedProject({ readDependencies: true });
	const server = await startLlmServer({ script: scripted.script });
	const root = await fs.mkdtemp(join(tmpdir(), 'rampart-pipeline-bench-'));
	try {
		const model = new OpenAiChatModel({ profileId: 'bench', model: 'gpt-4.1-mini', apiKey: 'sk-bench', baseUrl: server.openAiBaseUrl });
		const result = await runPipeline({ prompt: project.prompt, root, model, workspace: new NodeWorkspace(root), engine: () => SecurityEngine.create(), readLedger });
		let codeInput = 0;
		for (const r of server.requests) {
			if (r.normalized && r.reportedUsage && kindOf(r.normalized) === 'code') {
				codeInput += r.reportedUsage.inputTokens;
			}
		}
		// Read results in the final conversation: those that carried the file's content again.
		const last = server.requests.at(-1)?.normalized?.messages ?? [];
		const reads = last.filter((m) => m.role === 'tool' && m.text.includes(' · read_file · '));
		const resent = reads.filter((m) => !/Not repeated here/.test(m.text)).length;
		return { codeInput, total: result.usage.total.inputTokens + result.usage.total.outputTokens, reads: reads.length, resent };
	} finally {
		await server.close();
		await fs.rm(root, { recursive: true, force: true });
	}
}

/** Issue 8, acceptance 6: what the persistent conversation saves when the model re-reads files it wrote. */
export async function benchPipelineRereads(out: (line: string) => void): Promise<void> {
	const on = await codeStageTokens(true);
	const off = await codeStageTokens(false);
	out('Same project, the model reading every dependency before writing a file:');
	out('| re-reads of files already in the conversation | read results | sent with content | code-stage input tokens | total tokens |');
	out('|---|---|---|---|---|');
	out(`| answered from the ledger (default) | ${on.reads} | ${on.resent} | ${on.codeInput} | ${on.total} |`);
	out(`| sent again in full | ${off.reads} | ${off.resent} | ${off.codeInput} | ${off.total} |`);
	out(`Saved by not re-sending: ${off.codeInput - on.codeInput} code-stage input tokens (${Math.round((1 - on.codeInput / Math.max(1, off.codeInput)) * 100)} %).`);
}

if (process.argv[1]?.endsWith('pipelineBench.ts')) {
	benchPipeline((line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
		process.stderr.write(`${String(error)}\n`);
		process.exitCode = 1;
	});
}
