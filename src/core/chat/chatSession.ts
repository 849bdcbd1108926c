// One chat view's conversation with the Security Analyst: streams the answer to the view, shows a
// turn's tool calls as one group, asks approvals on cards, stops on request, and stores every turn
// (what the view shows and what the model saw) in the workspace, so a reload, a restart or a
// second window finds the conversation where it was.
import type { AgentEvent, AgentOutcome } from '../agent/agentLoop';
import { ApprovalGate, type ApprovalPolicy } from '../agent/approvals';
import type { ToolContext } from '../agent/tools/tool';
import { createAnalyst, analystTools } from '../analyst/analystAgent';
import type { AnalysisSession } from '../analyst/analysisSession';
import type { ConversationStore } from '../conversations/conversationStore';
import { observeChatModel } from '../llm/observedChatModel';
import { SecretRedactingChatModel } from '../llm/secretRedaction';
import type { ChatMessage, ChatModel, ToolCall } from '../llm/types';
import type { ArenaTableView, HostToChatMessage, TranscriptEntry } from '../protocol/chatMessages';
import { ChatApprovalPort } from './chatApprovalPort';

export interface ChatSessionOptions {
	conversations: ConversationStore;
	analysis: AnalysisSession;
	createModel(): Promise<ChatModel>;
	/** Tool context without approvals (the session adds the chat's approval cards). */
	context: Omit<ToolContext, 'signal' | 'callId' | 'approvals'>;
	/** Read at every turn, so a settings change applies to the next message. */
	policy: ApprovalPolicy | (() => ApprovalPolicy);
	post(message: HostToChatMessage): void;
	/** The model's context window in tokens, for the meter. */
	contextLimit?: number;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export function summarizeCall(call: ToolCall): string {
	try {
		const args = JSON.parse(call.arguments) as Record<string, unknown>;
		const pick = ['path', 'id', 'pattern', 'command', 'query', 'label', 'kind'].map((k) => args[k]).find((v) => typeof v === 'string');
		return typeof pick === 'string' ? pick.slice(0, 120) : '';
	} catch {
		return '(arguments are not valid JSON)';
	}
}

export class ChatSession {
	private conversationId: string | undefined;
	private history: ChatMessage[] = [];
	/** How many messages of `history` are already stored. */
	private savedCount = 0;
	private turn: TranscriptEntry[] = [];
	private controller: AbortController | undefined;
	private readonly approvals: ChatApprovalPort;
	private readonly readOnlyTools: Set<string>;
	/** Distinct secrets held back from the provider in this view's latest turn. */
	private redactions = 0;

	constructor(private readonly o: ChatSessionOptions) {
		this.approvals = new ChatApprovalPort(
			(approval) => this.add({ kind: 'approval', id: approval.approvalId, approval }, { type: 'approvalRequest', approval }),
			(approvalId, approved) => {
				this.update(approvalId, (e) => (e.kind === 'approval' ? { ...e, resolved: approved ? 'approved' : 'rejected' } : e));
				o.post({ type: 'approvalResolved', approvalId, approved });
			},
		);
		const tools = analystTools(o.analysis);
		this.readOnlyTools = new Set(tools.names.filter((n) => tools.get(n)?.readOnly));
	}

	get busy(): boolean {
		return this.controller !== undefined;
	}

	get currentConversation(): string | undefined {
		return this.conversationId;
	}

	/** Shows a stored conversation (the newest when no id is given); approvals it was waiting on have expired. */
	async open(id?: string): Promise<void> {
		const target = id ?? (await this.o.conversations.list()).find((c) => !c.title.startsWith('(damaged)'))?.id;
		if (!target) {
			this.startNew();
			return;
		}
		const conversation = await this.o.conversations.read(target);
		this.conversationId = conversation.id;
		this.history = conversation.messages;
		this.savedCount = this.history.length;
		// Approvals it was waiting on have expired; arena results it held are gone with the old window.
		const entries = conversation.entries.map((e): TranscriptEntry =>
			e.kind === 'approval' && !e.resolved ? { ...e, resolved: 'expired' } : e.kind === 'arena' && e.table.applicable ? { ...e, table: { ...e.table, applicable: false } } : e,
		);
		if (conversation.problems.length > 0) {
			entries.push({ kind: 'message', id: nextId('n'), role: 'notice', text: `Some turns of this conversation could not be read and were skipped (the files are kept): ${conversation.problems.join('; ')}` });
		}
		this.o.post({ type: 'conversation', conversation: { id: conversation.id, title: conversation.title, entries } });
	}

	/** Shows an empty conversation; it is stored with its first message. */
	startNew(): void {
		this.conversationId = undefined;
		this.history = [];
		this.savedCount = 0;
		this.o.post({ type: 'conversation', conversation: { id: '', title: 'New conversation', entries: [] } });
	}

	cancel(): void {
		this.controller?.abort();
		this.approvals.rejectAll('the run was stopped');
	}

	/** Starts a turn for `text` (busy, the user's entry), or says why not and returns undefined. */
	private beginTurn(text: string): AbortController | undefined {
		if (this.controller) {
			this.o.post({ type: 'chatEntry', role: 'notice', text: 'Rampart is still answering; press Stop first or wait.' });
			return undefined;
		}
		const controller = (this.controller = new AbortController());
		this.turn = [];
		this.o.post({ type: 'busy', busy: true });
		this.add({ kind: 'message', id: nextId('u'), role: 'user', text }, { type: 'chatEntry', role: 'user', text });
		return controller;
	}

	decide(approvalId: string, changeHash: string, approved: boolean): boolean {
		return this.approvals.decide(approvalId, changeHash, approved);
	}

	async send(text: string): Promise<AgentOutcome | undefined> {
		const controller = this.beginTurn(text);
		if (!controller) {
			return undefined;
		}
		let outcome: AgentOutcome | undefined;
		let streamId: string | undefined;
		let streamed = '';
		try {
			this.conversationId ??= (await this.o.conversations.create(text.replace(/\s+/g, ' ').slice(0, 60))).id;
			const redacting = new SecretRedactingChatModel(await this.o.createModel(), { onRedaction: (stats) => (this.redactions = stats.total) });
			const model = observeChatModel(redacting, {
				start: () => {
					streamId = nextId('a');
					streamed = '';
				},
				text: (delta) => {
					streamed += delta;
					this.o.post({ type: 'assistantDelta', turnId: streamId!, text: delta });
				},
				end: () => {
					if (streamed) {
						this.turn.push({ kind: 'message', id: streamId!, role: 'assistant', text: streamed });
						this.o.post({ type: 'assistantDone', turnId: streamId! });
					}
				},
			});
			const run = createAnalyst(this.o.analysis, {
				model,
				structuredModel: redacting,
				context: { ...this.o.context, approvals: new ApprovalGate(typeof this.o.policy === 'function' ? this.o.policy() : this.o.policy, this.approvals, this.o.context.audit) },
				signal: controller.signal,
				onEvent: (event) => this.onEvent(event),
			});
			const before = run.messages.length;
			run.messages.push(...this.history);
			outcome = await run.send(text);
			this.history = [...this.history, ...run.messages.slice(before + this.history.length)];
			if (outcome.status === 'cancelled') {
				this.add({ kind: 'message', id: nextId('n'), role: 'notice', text: 'Stopped.' }, { type: 'chatEntry', role: 'notice', text: 'Stopped.' });
			} else if (outcome.status !== 'answered' && outcome.status !== 'finished') {
				const note = `The analyst stopped (${outcome.status}) after ${outcome.steps} model calls.`;
				this.add({ kind: 'message', id: nextId('n'), role: 'notice', text: note }, { type: 'chatEntry', role: 'notice', text: note });
			}
			const contextTokens = Math.round(JSON.stringify(run.messages).length / 4);
			this.o.post({ type: 'usage', usage: { inputTokens: outcome.usage.inputTokens, outputTokens: outcome.usage.outputTokens, contextTokens, contextLimit: this.o.contextLimit ?? 128_000, redactions: this.redactions } });
		} catch (error) {
			const message = `The analyst could not answer: ${error instanceof Error ? error.message : String(error)}`;
			this.add({ kind: 'message', id: nextId('n'), role: 'notice', text: message }, { type: 'chatEntry', role: 'notice', text: message });
		} finally {
			this.approvals.rejectAll('the turn ended');
			this.controller = undefined;
			this.o.post({ type: 'busy', busy: false });
			await this.persist();
		}
		return outcome;
	}

	/**
	 * Runs an arena for `request` (the `/arena …` line as typed) like a turn: busy, Stop cancels it,
	 * and the comparison table is shown and stored with the conversation.
	 */
	async arena(request: string, run: (signal: AbortSignal, arenaId: string) => Promise<ArenaTableView>): Promise<ArenaTableView | undefined> {
		const controller = this.beginTurn(request);
		if (!controller) {
			return undefined;
		}
		let table: ArenaTableView | undefined;
		try {
			this.conversationId ??= (await this.o.conversations.create(request.replace(/\s+/g, ' ').slice(0, 60))).id;
			const id = nextId('r');
			table = await run(controller.signal, id);
			this.add({ kind: 'arena', id, table }, { type: 'arena', id, table });
		} catch (error) {
			const message = `The arena could not run: ${error instanceof Error ? error.message : String(error)}`;
			this.add({ kind: 'message', id: nextId('n'), role: 'notice', text: message }, { type: 'chatEntry', role: 'notice', text: message });
		} finally {
			this.controller = undefined;
			this.o.post({ type: 'busy', busy: false });
			await this.persist();
		}
		return table;
	}

	private async persist(): Promise<void> {
		if (!this.conversationId) {
			return;
		}
		const fresh = this.history.slice(this.savedCount);
		try {
			await this.o.conversations.append(this.conversationId, { entries: this.turn, messages: fresh });
			this.savedCount = this.history.length;
		} catch (error) {
			this.o.post({ type: 'chatEntry', role: 'notice', text: `This turn could not be saved: ${error instanceof Error ? error.message : String(error)}` });
		}
	}

	private onEvent(event: AgentEvent): void {
		if (event.type === 'assistant' && event.toolCalls.length > 0) {
			const calls = event.toolCalls.map((c) => ({ id: c.id, name: c.name, summary: summarizeCall(c), readOnly: this.readOnlyTools.has(c.name) }));
			const groupId = nextId('g');
			this.add({ kind: 'tools', id: groupId, calls: calls.map((c) => ({ ...c, state: 'queued' })) }, { type: 'toolGroup', groupId, calls });
		} else if (event.type === 'tool-start' || event.type === 'tool-end') {
			const state = event.type === 'tool-start' ? 'running' : event.isError ? 'error' : 'ok';
			for (const entry of this.turn) {
				if (entry.kind === 'tools') {
					const call = entry.calls.find((c) => c.id === event.call.id);
					if (call) {
						call.state = state;
					}
				}
			}
			this.o.post({ type: 'toolStatus', callId: event.call.id, state });
		}
	}

	private add(entry: TranscriptEntry, message: HostToChatMessage): void {
		this.turn.push(entry);
		this.o.post(message);
	}

	private update(id: string, change: (e: TranscriptEntry) => TranscriptEntry): void {
		this.turn = this.turn.map((e) => (e.id === id ? change(e) : e));
	}
}
