// Chat conversations in the workspace's `.rampart/conversations/`: one folder per conversation
// with a `meta.json` (title, creation time) and one file per turn, created exclusively under a
// unique name. Turns are only ever added, never rewritten, so two windows appending to the same
// conversation at the same moment both keep their turns — no lock, no lost write. The list of
// conversations is derived from the folders, so there is no shared index file to race on.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { conversationIdPattern, type TranscriptEntry } from '../protocol/chatMessages';
import type { ChatMessage } from '../llm/types';
import { FolderStorePort, type StorePort } from '../store/storePort';

const schemaVersion = z.literal(1);
const idPattern = conversationIdPattern;

const metaSchema = z.object({ schemaVersion, id: z.string().regex(idPattern), title: z.string().max(200), createdAt: z.string() }).strict();

const entrySchema = z.looseObject({ kind: z.enum(['message', 'tools', 'approval', 'arena']), id: z.string().min(1) });
const messageSchema = z.looseObject({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.string() });
const turnSchema = z.object({ schemaVersion, at: z.string(), writer: z.string(), entries: z.array(entrySchema), messages: z.array(messageSchema) }).strict();

export interface ConversationSummary {
	id: string;
	title: string;
	createdAt: string;
	updatedAt: string;
	turns: number;
}

export interface Conversation extends ConversationSummary {
	entries: TranscriptEntry[];
	/** The model-facing history (system prompt excluded), to resume the agent. */
	messages: ChatMessage[];
	/** Turn files that could not be read: named, kept on disk, skipped. */
	problems: string[];
}

export interface TurnRecord {
	entries: readonly TranscriptEntry[];
	messages: readonly ChatMessage[];
}

export class ConversationStore {
	/** Names this process's turn files, so concurrent writers never pick the same name. */
	private readonly writer = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
	/** Turn files of this writer sort in the order they were appended, even within one millisecond. */
	private sequence = 0;
	private lastMs = 0;

	constructor(
		private readonly port: StorePort,
		private readonly now: () => Date = () => new Date(),
	) {}

	static forWorkspace(root: string, now?: () => Date): ConversationStore {
		return new ConversationStore(new FolderStorePort(join(root, '.rampart', 'conversations')), now);
	}

	private checkId(id: string): string {
		if (!idPattern.test(id)) {
			throw new Error(`"${id}" is not a conversation id.`);
		}
		return id;
	}

	async create(title = 'New conversation'): Promise<Conversation> {
		const at = this.now();
		const id = `c-${at.getTime().toString(36)}${randomBytes(4).toString('hex')}`;
		const meta = { schemaVersion: 1 as const, id, title: title.slice(0, 200), createdAt: at.toISOString() };
		if (!(await this.port.createExclusive(`${id}/meta.json`, `${JSON.stringify(meta, null, 2)}\n`))) {
			throw new Error(`conversation ${id} already exists`);
		}
		return { ...meta, updatedAt: meta.createdAt, turns: 0, entries: [], messages: [], problems: [] };
	}

	private async meta(id: string): Promise<z.infer<typeof metaSchema>> {
		const text = await this.port.read(`${this.checkId(id)}/meta.json`);
		if (text === undefined) {
			throw new Error(`There is no conversation ${id}.`);
		}
		try {
			return metaSchema.parse(JSON.parse(text));
		} catch (error) {
			throw new Error(`.rampart/conversations/${id}/meta.json is damaged (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); the turns are still in .rampart/conversations/${id}/turns/.`, { cause: error });
		}
	}

	/** Adds one turn, written once under a name no other writer can pick. */
	async append(id: string, turn: TurnRecord): Promise<void> {
		await this.meta(id);
		const at = this.now();
		this.lastMs = Math.max(this.lastMs, at.getTime());
		const name = `${id}/turns/${this.lastMs.toString().padStart(15, '0')}-${this.writer}-${(this.sequence++).toString().padStart(8, '0')}.json`;
		const record = { schemaVersion: 1, at: at.toISOString(), writer: this.writer, entries: turn.entries, messages: turn.messages.filter((m) => m.role !== 'system') };
		if (!(await this.port.createExclusive(name, JSON.stringify(record)))) {
			throw new Error(`turn file ${name} already exists`);
		}
	}

	async read(id: string): Promise<Conversation> {
		const meta = await this.meta(id);
		const names = (await this.port.list(`${id}/turns`)).filter((n) => n.endsWith('.json')).sort();
		const entries: TranscriptEntry[] = [];
		const messages: ChatMessage[] = [];
		const problems: string[] = [];
		let updatedAt = meta.createdAt;
		for (const name of names) {
			const text = await this.port.read(`${id}/turns/${name}`);
			try {
				const turn = turnSchema.parse(JSON.parse(text ?? ''));
				entries.push(...(turn.entries as TranscriptEntry[]));
				messages.push(...(turn.messages as unknown as ChatMessage[]));
				updatedAt = turn.at > updatedAt ? turn.at : updatedAt;
			} catch (error) {
				problems.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
			}
		}
		return { ...meta, updatedAt, turns: names.length - problems.length, entries, messages, problems };
	}

	/** Every conversation, most recently updated first; damaged ones are listed with a note in the title. */
	async list(): Promise<ConversationSummary[]> {
		const out: ConversationSummary[] = [];
		for (const id of (await this.port.list('')).filter((n) => idPattern.test(n))) {
			try {
				const { entries: _e, messages: _m, problems: _p, ...summary } = await this.read(id);
				out.push(summary);
			} catch (error) {
				out.push({ id, title: `(damaged) ${error instanceof Error ? error.message : String(error)}`, createdAt: '', updatedAt: '', turns: 0 });
			}
		}
		return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
	}

	async rename(id: string, title: string): Promise<void> {
		const meta = await this.meta(id);
		await this.port.writeAtomic(`${id}/meta.json`, `${JSON.stringify({ ...meta, title: title.trim().slice(0, 200) || meta.title }, null, 2)}\n`);
	}

	/** Deletes the conversation: its folder is moved aside first, so a reader never sees half of it. */
	async delete(id: string): Promise<void> {
		await this.meta(id);
		const aside = `.deleted-${id}-${randomBytes(3).toString('hex')}`;
		if (!(await this.port.rename(this.checkId(id), aside))) {
			throw new Error(`conversation ${id} could not be deleted`);
		}
		await this.port.remove(aside);
	}

	/** Conversations whose title or text contains `query` (case-insensitive). */
	async search(query: string): Promise<ConversationSummary[]> {
		const needle = query.trim().toLowerCase();
		const hits: ConversationSummary[] = [];
		for (const summary of await this.list()) {
			if (!needle || summary.title.toLowerCase().includes(needle)) {
				hits.push(summary);
				continue;
			}
			const conversation = await this.read(summary.id).catch(() => undefined);
			if (conversation?.entries.some((e) => e.kind === 'message' && e.text.toLowerCase().includes(needle))) {
				hits.push(summary);
			}
		}
		return hits;
	}
}
