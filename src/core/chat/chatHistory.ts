// The chat view's history list: list and search the workspace's stored conversations, open one,
// start a new one, rename, delete and export — answering the view through typed messages. A
// conversation is never switched, deleted or replaced while the analyst is still answering.
import { conversationToJson, conversationToMarkdown } from '../conversations/conversationExport';
import type { ConversationStore } from '../conversations/conversationStore';
import type { ExportFormat, HostToChatMessage } from '../protocol/chatMessages';

/** What the history needs of the chat session (ChatSession implements it). */
export interface HistorySession {
	readonly busy: boolean;
	readonly currentConversation: string | undefined;
	open(id?: string): Promise<void>;
	startNew(): void;
}

export interface ExportedConversation {
	/** A file name derived from the title, safe on every platform. */
	fileName: string;
	text: string;
}

const busyNote = 'Rampart is still answering; press Stop first or wait.';

export function exportFileName(title: string, id: string, format: ExportFormat): string {
	const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || id;
	return `${slug}.${format === 'markdown' ? 'md' : 'json'}`;
}

export class ChatHistory {
	/** The query of the list the view shows, so a change refreshes that list. */
	private query = '';

	constructor(
		private readonly store: ConversationStore,
		private readonly session: HistorySession,
		private readonly post: (message: HostToChatMessage) => void,
	) {}

	async list(query = this.query): Promise<void> {
		this.query = query;
		const found = query.trim() ? await this.store.search(query) : await this.store.list();
		const current = this.session.currentConversation;
		this.post({
			type: 'history',
			query,
			conversations: found.map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, turns: c.turns, current: c.id === current })),
		});
	}

	async open(id: string): Promise<void> {
		if (!this.idle()) {
			return;
		}
		await this.session.open(id);
		await this.list();
	}

	async startNew(): Promise<void> {
		if (!this.idle()) {
			return;
		}
		this.session.startNew();
		await this.list();
	}

	async rename(id: string, title: string): Promise<void> {
		await this.store.rename(id, title);
		await this.list();
	}

	/** Deletes a conversation; deleting the one on screen leaves an empty new conversation. */
	async delete(id: string): Promise<void> {
		const current = this.session.currentConversation === id;
		if (current && !this.idle()) {
			return;
		}
		await this.store.delete(id);
		if (current) {
			this.session.startNew();
		}
		await this.list();
	}

	async export(id: string, format: ExportFormat): Promise<ExportedConversation> {
		const conversation = await this.store.read(id);
		return {
			fileName: exportFileName(conversation.title, id, format),
			text: format === 'markdown' ? conversationToMarkdown(conversation) : conversationToJson(conversation),
		};
	}

	private idle(): boolean {
		if (this.session.busy) {
			this.post({ type: 'chatEntry', role: 'notice', text: busyNote });
			return false;
		}
		return true;
	}
}
