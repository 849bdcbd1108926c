// The conversation as the chat view shows it: messages (assistant text streamed and rendered as
// safe Markdown), tool-call groups (a turn's calls together, each with its state) and approval
// cards (diff or command line, Approve / Reject). Kept as plain data so the view can restore it.
import type { ApprovalView, ArenaTableView, ChatRole, ToolCallState, ToolCallView, TranscriptEntry } from '../../../src/core/protocol/chatMessages';
import { el } from '../shared/vscodeApi';
import { renderArenaTable } from './arenaTable';
import { type MarkdownActions, renderMarkdown } from './markdown';

export type Entry = TranscriptEntry;

export interface TranscriptHost extends MarkdownActions {
	decide(approval: ApprovalView, approved: boolean): void;
	applyArena(arenaId: string, contestant: string): void;
	changed(entries: readonly Entry[]): void;
}

const maxEntries = 400;
const who: Record<ChatRole, string> = { user: 'You', assistant: 'Rampart', notice: 'Note' };

export class Transcript {
	private entries: Entry[];
	private readonly nodes = new Map<string, HTMLElement>();
	private pending = new Set<string>();
	private frame = 0;

	constructor(
		readonly element: HTMLElement,
		private readonly host: TranscriptHost,
		restored: readonly Entry[] = [],
	) {
		this.entries = restored.map((e) => (e.kind === 'message' ? { ...e, streaming: false } : e));
		for (const entry of this.entries) {
			this.mount(entry);
		}
	}

	all(): readonly Entry[] {
		return this.entries;
	}

	/** Replaces everything shown (another conversation, or the stored one after a reload). */
	replace(entries: readonly Entry[]): void {
		this.element.replaceChildren();
		this.nodes.clear();
		this.entries = entries.map((e) => (e.kind === 'message' ? { ...e, streaming: false } : e));
		for (const entry of this.entries) {
			this.mount(entry);
		}
		this.host.changed(this.entries);
	}

	addMessage(role: ChatRole, text: string, id = `m${Date.now().toString(36)}${this.entries.length}`): void {
		this.push({ kind: 'message', id, role, text });
	}

	appendDelta(turnId: string, text: string): void {
		const entry = this.find(turnId);
		if (entry?.kind === 'message') {
			entry.text += text;
			entry.streaming = true;
			this.schedule(turnId);
		} else {
			this.push({ kind: 'message', id: turnId, role: 'assistant', text, streaming: true });
		}
	}

	finishStream(turnId: string): void {
		const entry = this.find(turnId);
		if (entry?.kind === 'message') {
			entry.streaming = false;
			this.schedule(turnId);
		}
	}

	addToolGroup(groupId: string, calls: readonly ToolCallView[]): void {
		this.push({ kind: 'tools', id: groupId, calls: calls.map((c) => ({ ...c, state: 'queued' as const })) });
	}

	setToolState(callId: string, state: ToolCallState, detail?: string): void {
		for (const entry of this.entries) {
			if (entry.kind === 'tools') {
				const call = entry.calls.find((c) => c.id === callId);
				if (call) {
					call.state = state;
					call.detail = detail;
					this.schedule(entry.id);
					return;
				}
			}
		}
	}

	addApproval(approval: ApprovalView): void {
		this.push({ kind: 'approval', id: approval.approvalId, approval });
	}

	addArena(id: string, table: ArenaTableView): void {
		this.push({ kind: 'arena', id, table });
	}

	resolveApproval(approvalId: string, approved: boolean): void {
		const entry = this.find(approvalId);
		if (entry?.kind === 'approval') {
			entry.resolved = approved ? 'approved' : 'rejected';
			this.schedule(entry.id);
		}
	}

	private find(id: string): Entry | undefined {
		return this.entries.find((e) => e.id === id);
	}

	private push(entry: Entry): void {
		this.entries.push(entry);
		while (this.entries.length > maxEntries) {
			const dropped = this.entries.shift();
			if (dropped) {
				this.nodes.get(dropped.id)?.remove();
				this.nodes.delete(dropped.id);
			}
		}
		this.mount(entry);
		this.host.changed(this.entries);
	}

	/** Re-renders changed entries once per animation frame (streaming sends many small deltas). */
	private schedule(id: string): void {
		this.pending.add(id);
		this.frame ||= requestAnimationFrame(() => {
			this.frame = 0;
			const ids = this.pending;
			this.pending = new Set();
			for (const pendingId of ids) {
				const entry = this.find(pendingId);
				if (entry) {
					this.mount(entry);
				}
			}
			this.host.changed(this.entries);
		});
	}

	private mount(entry: Entry): void {
		const fresh = this.render(entry);
		fresh.dataset.entryId = entry.id;
		const old = this.nodes.get(entry.id);
		if (old) {
			old.replaceWith(fresh);
		} else {
			this.element.append(fresh);
		}
		this.nodes.set(entry.id, fresh);
		const nearBottom = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 80;
		if (nearBottom || !old) {
			fresh.scrollIntoView({ block: 'end' });
		}
	}

	private render(entry: Entry): HTMLElement {
		switch (entry.kind) {
			case 'message': {
				const item = el('div', undefined, `entry ${entry.role}${entry.streaming ? ' streaming' : ''}`);
				const body = el('div', undefined, 'body');
				if (entry.role === 'assistant') {
					body.append(renderMarkdown(entry.text, this.host));
				} else {
					body.append(el('p', entry.text));
				}
				item.append(el('span', who[entry.role], 'who'), body);
				return item;
			}
			case 'tools': {
				const group = el('div', undefined, 'entry tools');
				const parallel = entry.calls.length > 1 && entry.calls.every((c) => c.readOnly);
				group.append(el('span', parallel ? `${entry.calls.length} reads in parallel` : entry.calls.length === 1 ? 'Tool call' : `${entry.calls.length} tool calls`, 'who'));
				const list = el('ul', undefined, 'tool-list');
				for (const call of entry.calls) {
					const li = el('li', undefined, `tool ${call.state}`);
					li.dataset.callId = call.id;
					li.append(el('span', stateIcon(call.state), 'tool-state'), el('code', call.name), el('span', ` ${call.summary}`, 'tool-summary'));
					if (call.detail) {
						li.append(el('div', call.detail, 'tool-detail'));
					}
					list.append(li);
				}
				group.append(list);
				return group;
			}
			case 'approval':
				return this.renderApproval(entry.approval, entry.resolved);
			case 'arena':
				return renderArenaTable(entry.table, (contestant) => this.host.applyArena(entry.id, contestant));
		}
	}

	private renderApproval(approval: ApprovalView, resolved: 'approved' | 'rejected' | 'expired' | undefined): HTMLElement {
		const card = el('div', undefined, `entry approval ${resolved ?? 'pending'}`);
		card.append(el('span', approval.kind === 'write' ? 'Approve this change?' : 'Run this command?', 'who'), el('div', approval.title, 'approval-title'));
		const pre = el('pre', undefined, approval.kind === 'write' ? 'diff' : 'command-line');
		if (approval.kind === 'write') {
			for (const line of (approval.diff ?? '').split('\n')) {
				pre.append(el('span', `${line}\n`, line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : 'ctx'));
			}
		} else {
			pre.textContent = approval.command ?? '';
		}
		card.append(pre);
		if (resolved) {
			card.append(el('div', resolved === 'approved' ? 'Approved' : resolved === 'rejected' ? 'Rejected' : 'Expired: the run that asked has ended', 'approval-outcome'));
			return card;
		}
		const buttons = el('div', undefined, 'actions');
		const approve = document.createElement('vscode-button');
		approve.textContent = 'Approve';
		approve.className = 'approve';
		approve.addEventListener('click', () => this.host.decide(approval, true));
		const reject = document.createElement('vscode-button');
		reject.setAttribute('secondary', '');
		reject.textContent = 'Reject';
		reject.className = 'reject';
		reject.addEventListener('click', () => this.host.decide(approval, false));
		buttons.append(approve, reject);
		card.append(buttons);
		return card;
	}
}

function stateIcon(state: ToolCallState): string {
	return state === 'ok' ? '✓' : state === 'error' ? '✗' : state === 'running' ? '…' : '·';
}
