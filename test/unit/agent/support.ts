// Shared by the agent tests: temp workspaces, a tree hash, tool contexts, a scripted fake model.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecurityEngine } from '../../../language-server/src/engine/securityEngine';
import { AgentRun, type AgentOptions } from '../../../src/core/agent/agentLoop';
import { ApprovalGate, type ApprovalPolicy, type ApprovalPort } from '../../../src/core/agent/approvals';
import type { AuditSink } from '../../../src/core/agent/auditLog';
import { Confinement } from '../../../src/core/agent/confinement';
import { NodeWorkspace } from '../../../src/core/agent/nodeWorkspace';
import { defaultTools } from '../../../src/core/agent/tools/registry';
import type { ToolContext } from '../../../src/core/agent/tools/tool';
import type { WorkspacePort } from '../../../src/core/agent/workspacePort';
import type { CallOptions, ChatEvent, ChatMessage, ChatModel, ChatRequest, ChatResponse, ToolCall } from '../../../src/core/llm/types';
import { emptyUsage } from '../../../src/core/llm/types';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';

let engine: Promise<SecurityEngine> | undefined;
export const sharedEngine = (): Promise<SecurityEngine> => (engine ??= SecurityEngine.create());

/** A fresh folder holding `files` (relative path → content); `outside` is a sibling folder outside it. */
export async function tempWorkspace(files: Record<string, string>): Promise<{ base: string; root: string; outside: string; cleanup(): Promise<void> }> {
	const base = await fs.mkdtemp(join(tmpdir(), 'rampart-agent-'));
	const root = join(base, 'ws');
	const outside = join(base, 'outside');
	await fs.mkdir(root);
	await fs.mkdir(outside);
	await fs.writeFile(join(outside, 'secret.txt'), 'TOP SECRET outside the workspace\n');
	for (const [path, content] of Object.entries(files)) {
		await fs.mkdir(join(root, path, '..'), { recursive: true });
		await fs.writeFile(join(root, path), content);
	}
	return { base, root, outside, cleanup: () => fs.rm(base, { recursive: true, force: true }) };
}

export type TempWorkspace = Awaited<ReturnType<typeof tempWorkspace>>;

/**
 * For a describe block: a fresh local LLM server (empty script) and a fresh temp workspace holding
 * `files` before each test, both closed after it. Read `server` and `ws` inside the tests.
 */
export function serverAndWorkspace(files: Record<string, string> = {}): { readonly server: LlmServer; readonly ws: TempWorkspace } {
	const state = {} as { server: LlmServer; ws: TempWorkspace };
	beforeEach(async () => {
		state.server = await startLlmServer({ script: [] });
		state.ws = await tempWorkspace(files);
	});
	afterEach(async () => {
		await state.server.close();
		await state.ws.cleanup();
	});
	return state;
}

/** Hash of every path, kind, link target and content under `dir` (symlinks are not followed). */
export async function treeHash(dir: string): Promise<string> {
	const hash = createHash('sha256');
	const walk = async (folder: string, rel: string): Promise<void> => {
		const entries = (await fs.readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
		for (const e of entries) {
			const path = join(folder, e.name);
			const r = `${rel}/${e.name}`;
			if (e.isSymbolicLink()) {
				hash.update(`L ${r} -> ${await fs.readlink(path)}\n`);
			} else if (e.isDirectory()) {
				hash.update(`D ${r}\n`);
				await walk(path, r);
			} else {
				hash.update(`F ${r} ${createHash('sha256').update(await fs.readFile(path)).digest('hex')}\n`);
			}
		}
	};
	await walk(dir, '');
	return hash.digest('hex');
}

export interface ContextOptions {
	policy?: Partial<ApprovalPolicy>;
	port?: ApprovalPort;
	audit?: AuditSink;
	workspace?: WorkspacePort;
}

export async function toolContext(root: string, o: ContextOptions = {}): Promise<Omit<ToolContext, 'signal' | 'callId'>> {
	const policy: ApprovalPolicy = { read: 'auto', write: 'auto', command: 'deny', ...o.policy };
	return {
		workspace: o.workspace ?? new NodeWorkspace(root),
		confinement: await Confinement.create(root),
		approvals: new ApprovalGate(policy, o.port, o.audit),
		audit: o.audit,
		engine: sharedEngine,
	};
}

export function callContext(base: Omit<ToolContext, 'signal' | 'callId'>, callId = 'call_test'): ToolContext {
	return { ...base, signal: new AbortController().signal, callId };
}

/** A ChatModel answering from a list of turns (or a function), recording a copy of every request. */
export class ScriptedModel implements ChatModel {
	readonly info = { profileId: 'scripted', kind: 'openai' as const, model: 'scripted', structuredOutput: 'json' as const };
	readonly requests: ChatMessage[][] = [];
	private turn = 0;

	constructor(private readonly turns: Array<{ text?: string; toolCalls?: ToolCall[] } | ((messages: ChatMessage[]) => { text?: string; toolCalls?: ToolCall[] } | Promise<{ text?: string; toolCalls?: ToolCall[] }>)>) {}

	async complete(request: ChatRequest, options?: CallOptions): Promise<ChatResponse> {
		this.requests.push(structuredClone(request.messages));
		if (options?.signal?.aborted) {
			throw new Error('aborted');
		}
		const next = this.turns[this.turn++];
		if (!next) {
			throw new Error(`scripted model: no turn ${this.turn}`);
		}
		const reply = typeof next === 'function' ? await next(request.messages) : next;
		const toolCalls = reply.toolCalls ?? [];
		return { text: reply.text ?? '', toolCalls, stopReason: toolCalls.length > 0 ? 'tool-calls' : 'stop', usage: emptyUsage(), model: 'scripted' };
	}

	// eslint-disable-next-line require-yield
	async *stream(): AsyncIterable<ChatEvent> {
		throw new Error('not used');
	}
}

export function call(id: string, name: string, args: unknown): ToolCall {
	return { id, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) };
}

export async function newRun(root: string, model: ChatModel, o: ContextOptions & Partial<AgentOptions> = {}): Promise<AgentRun> {
	return new AgentRun({ model, tools: defaultTools(), context: await toolContext(root, o), system: 'You are Rampart, a security-first coding agent.', ...o });
}

/** Every assistant tool call is answered, in order, by the tool messages right after it. */
export function unansweredCalls(messages: Array<{ role: string; toolCalls?: Array<{ id: string }>; toolCallId?: string }>): string[] {
	const problems: string[] = [];
	messages.forEach((m, i) => {
		if (m.role !== 'assistant' || !m.toolCalls?.length) {
			return;
		}
		const answers = messages.slice(i + 1, i + 1 + m.toolCalls.length).map((r) => (r.role === 'tool' ? r.toolCallId : `(${r.role})`));
		const wanted = m.toolCalls.map((c) => c.id);
		if (JSON.stringify(answers) !== JSON.stringify(wanted)) {
			problems.push(`message ${i}: calls ${wanted.join(',')} answered by ${answers.join(',')}`);
		}
	});
	return problems;
}
