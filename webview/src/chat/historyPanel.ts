// The history list of the chat view: search the workspace's stored conversations, open one, start
// a new one, rename, delete (asks once more) and export as Markdown or JSON. Everything it knows
// comes from the host's `history` message; every action is a typed message to the host.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { ChatToHostMessage, ConversationListItem } from '../../../src/core/protocol/chatMessages';
import { el } from '../shared/vscodeApi';

type Post = (message: ChatToHostMessage) => void;

interface TextField extends HTMLElement {
	value: string;
}

function button(label: string, className: string, secondary = true): HTMLElement {
	const b = document.createElement('vscode-button');
	b.textContent = label;
	b.className = className;
	if (secondary) {
		b.setAttribute('secondary', '');
	}
	return b;
}

function whenText(iso: string): string {
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? 'unreadable' : date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

export class HistoryPanel {
	/** The bar above the transcript: History toggle and New conversation. */
	readonly bar = el('div', undefined, 'actions chat-bar');
	/** The list itself, hidden until the toggle opens it. */
	readonly element = el('section', undefined, 'history');
	private readonly toggle = button('History', 'history-toggle');
	private readonly search = document.createElement('vscode-textfield') as TextField;
	private readonly list = el('ul', undefined, 'history-list');
	private readonly empty = el('div', '', 'history-empty');
	private timer: ReturnType<typeof setTimeout> | undefined;
	private items: readonly ConversationListItem[] = [];

	constructor(private readonly post: Post) {
		this.toggle.id = 'history-toggle';
		this.toggle.setAttribute('aria-expanded', 'false');
		this.toggle.setAttribute('aria-controls', 'history');
		this.toggle.addEventListener('click', () => this.setOpen(this.element.hidden));
		const fresh = button('New conversation', 'new-conversation');
		fresh.id = 'new-conversation';
		fresh.addEventListener('click', () => post({ type: 'newConversation' }));
		this.bar.append(this.toggle, fresh);

		this.element.id = 'history';
		this.element.hidden = true;
		this.element.setAttribute('aria-label', 'Conversation history');
		this.search.id = 'history-search';
		this.search.setAttribute('placeholder', 'Search conversations');
		this.search.setAttribute('aria-label', 'Search conversations by title or text');
		this.search.addEventListener('input', () => {
			clearTimeout(this.timer);
			this.timer = setTimeout(() => this.request(), 200);
		});
		this.element.append(this.search, this.empty, this.list);
	}

	get open(): boolean {
		return !this.element.hidden;
	}

	setOpen(open: boolean): void {
		this.element.hidden = !open;
		this.toggle.setAttribute('aria-expanded', String(open));
		if (open) {
			this.request();
		}
	}

	/** Asks the host for the list again, if it is shown (after a turn, the counts changed). */
	refresh(): void {
		if (this.open) {
			this.request();
		}
	}

	show(query: string, conversations: readonly ConversationListItem[]): void {
		if (query !== this.search.value) {
			return; // An answer to an older query; the newer one is on its way.
		}
		this.items = conversations;
		this.empty.textContent = conversations.length > 0 ? '' : query.trim() ? `No conversation mentions "${query.trim()}".` : 'No stored conversations yet.';
		this.list.replaceChildren(...conversations.map((c) => this.row(c)));
	}

	private request(): void {
		this.post({ type: 'listConversations', query: this.search.value });
	}

	private row(item: ConversationListItem): HTMLElement {
		const li = el('li', undefined, `conversation${item.current ? ' current' : ''}`);
		li.dataset.conversationId = item.id;
		const title = el('button', item.title, 'open-conversation');
		title.type = 'button';
		title.title = 'Open this conversation';
		if (item.current) {
			title.setAttribute('aria-current', 'true');
		}
		title.addEventListener('click', () => this.post({ type: 'openConversation', id: item.id }));
		const meta = el('div', `${whenText(item.updatedAt)} · ${item.turns} turn${item.turns === 1 ? '' : 's'}`, 'meta');
		const actions = el('div', undefined, 'actions');
		const rename = button('Rename', 'rename');
		rename.addEventListener('click', () => this.startRename(li, item));
		const remove = button('Delete', 'delete');
		remove.addEventListener('click', () => {
			if (remove.classList.contains('confirming')) {
				this.post({ type: 'deleteConversation', id: item.id });
			} else {
				remove.classList.add('confirming');
				remove.textContent = 'Confirm delete';
			}
		});
		const markdown = button('Export Markdown', 'export-markdown');
		markdown.addEventListener('click', () => this.post({ type: 'exportConversation', id: item.id, format: 'markdown' }));
		const json = button('Export JSON', 'export-json');
		json.addEventListener('click', () => this.post({ type: 'exportConversation', id: item.id, format: 'json' }));
		actions.append(rename, remove, markdown, json);
		li.append(title, meta, actions);
		return li;
	}

	private startRename(li: HTMLElement, item: ConversationListItem): void {
		const field = document.createElement('vscode-textfield') as TextField;
		field.className = 'rename-input';
		field.setAttribute('aria-label', `New title for ${item.title}`);
		field.value = item.title;
		const save = button('Save', 'save-rename', false);
		const cancel = button('Cancel', 'cancel-rename');
		const commit = () => {
			const title = field.value.trim();
			if (title && title !== item.title) {
				this.post({ type: 'renameConversation', id: item.id, title: title.slice(0, 200) });
			} else {
				this.show(this.search.value, this.items);
			}
		};
		save.addEventListener('click', commit);
		cancel.addEventListener('click', () => this.show(this.search.value, this.items));
		field.addEventListener('keydown', (event: KeyboardEvent) => {
			if (event.key === 'Enter') {
				event.preventDefault();
				commit();
			} else if (event.key === 'Escape') {
				this.show(this.search.value, this.items);
			}
		});
		const form = el('div', undefined, 'actions rename-form');
		form.append(field, save, cancel);
		li.replaceChildren(form);
		field.focus();
	}
}
