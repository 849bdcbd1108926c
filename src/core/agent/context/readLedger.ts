// What file content the conversation already holds. Every successful read_file result is recorded
// with the hash of what the model got and the call that carried it, every write with the file's
// content hash. A read_file whose result would be identical to one still in the conversation (or
// of a file unchanged since a write_file call still in it) is answered with a short note pointing
// there instead of the content again. When compaction removes that message, the entry no longer
// counts and the content is sent again.
import { sha256 } from '../auditLog';
import type { ChatMessage } from '../../llm/types';
import type { ToolContext } from '../tools/tool';

export interface ReadEntry {
	path: string;
	/** `start-end` of the lines read, `all` for the whole file. */
	range: string;
	/** Hash of the result the model got (it changes with the file's content). */
	hash: string;
	callId: string;
}

export interface WriteEntry {
	path: string;
	/** Hash of the file's content after the write. */
	hash: string;
	callId: string;
	tool: string;
	/** True when the call's arguments hold the full content (write_file), so the model has it. */
	contentInCall: boolean;
}

export interface LedgerState {
	reads: ReadEntry[];
	writes: WriteEntry[];
	/** read_file calls answered with a note instead of the content. */
	readsAvoided: number;
}

interface ReadInput {
	path: string;
	start_line?: number;
	end_line?: number;
}

const rangeOf = (input: ReadInput): string => (input.start_line === undefined && input.end_line === undefined ? 'all' : `${input.start_line ?? 1}-${input.end_line ?? 'end'}`);

export class FileLedger {
	private readonly reads = new Map<string, ReadEntry>();
	private readonly writes = new Map<string, WriteEntry>();
	private inContext = new Set<string>();
	private avoided = 0;

	constructor(state?: LedgerState) {
		for (const r of state?.reads ?? []) {
			this.reads.set(`${r.path}#${r.range}`, r);
		}
		for (const w of state?.writes ?? []) {
			this.writes.set(w.path, w);
		}
		this.avoided = state?.readsAvoided ?? 0;
	}

	/** Call ids whose result or arguments are in `messages`; call after every change of the history. */
	syncContext(messages: readonly ChatMessage[]): void {
		const ids = new Set<string>();
		for (const m of messages) {
			if (m.role === 'tool') {
				ids.add(m.toolCallId);
			}
		}
		this.inContext = ids;
	}

	/** A note replacing a read whose identical result (`outputHash`) is still in the conversation. */
	noteFor(path: string, range: string, outputHash: string): string | undefined {
		const earlier = this.reads.get(`${path}#${range}`);
		if (earlier && earlier.hash === outputHash && this.inContext.has(earlier.callId)) {
			this.avoided++;
			const what = earlier.range === 'all' ? 'the file' : `lines ${earlier.range}`;
			return `${path} is unchanged since read_file call ${earlier.callId} earlier in this conversation, whose result holds ${what} with line numbers. Not repeated here: use that result.`;
		}
		return undefined;
	}

	/** True when a write_file call with the file's full content is still in the conversation. */
	wroteInContext(path: string): boolean {
		const written = this.writes.get(path);
		return written !== undefined && written.contentInCall && this.inContext.has(written.callId);
	}

	/** A note when the file's content (`contentHash`) is still exactly what that write_file call wrote. */
	noteAfterWrite(path: string, contentHash: string): string | undefined {
		const written = this.writes.get(path);
		if (!written || written.hash !== contentHash || !this.wroteInContext(path)) {
			return undefined;
		}
		this.avoided++;
		return `${path} is unchanged (sha256 ${contentHash.slice(0, 12)}) since you wrote it with ${written.tool} call ${written.callId}; its content is exactly that call's content argument. Not repeated here.`;
	}

	recordRead(entry: ReadEntry): void {
		this.reads.set(`${entry.path}#${entry.range}`, entry);
	}

	recordWrite(entry: WriteEntry): void {
		this.writes.set(entry.path, entry);
	}

	/** The latest write of every file, in the order the files were first written. */
	written(): WriteEntry[] {
		return [...this.writes.values()];
	}

	get readsAvoided(): number {
		return this.avoided;
	}

	state(): LedgerState {
		return { reads: [...this.reads.values()], writes: [...this.writes.values()], readsAvoided: this.avoided };
	}
}

const isPathInput = (input: unknown): input is ReadInput => typeof (input as { path?: unknown } | undefined)?.path === 'string';

async function confined(rawPath: string, ctx: Omit<ToolContext, 'signal' | 'callId'>): Promise<string | undefined> {
	try {
		return (await ctx.confinement.resolve(rawPath, 'read')).relative;
	} catch {
		return undefined;
	}
}

/**
 * After a successful read_file: the output itself, or a short note when the same output (same
 * file content and range) is already in the conversation, or the file is unchanged since a
 * write_file call that is. The tool's own read is the only read of the file in the common case.
 */
export async function dedupeRead(ledger: FileLedger, input: unknown, output: string, callId: string, ctx: Omit<ToolContext, 'signal' | 'callId'>): Promise<string> {
	if (!isPathInput(input)) {
		return output;
	}
	const path = await confined(input.path, ctx);
	if (path === undefined) {
		return output;
	}
	const range = rangeOf(input);
	const hash = sha256(output);
	const note = ledger.noteFor(path, range, hash);
	if (note) {
		return note;
	}
	if (range === 'all' && ledger.wroteInContext(path)) {
		const raw = sha256(await ctx.workspace.read(path));
		const afterWrite = ledger.noteAfterWrite(path, raw);
		if (afterWrite) {
			return afterWrite;
		}
	}
	ledger.recordRead({ path, range, hash, callId });
	return output;
}

/** After a successful write_file / edit_file: the file's new content hash goes into the ledger. */
export async function recordWrite(ledger: FileLedger, tool: string, input: unknown, callId: string, ctx: Omit<ToolContext, 'signal' | 'callId'>): Promise<void> {
	if (!isPathInput(input)) {
		return;
	}
	const path = await confined(input.path, ctx);
	if (path === undefined) {
		return;
	}
	const content = (input as { content?: unknown }).content;
	// write_file writes exactly its content; other tools' results are read back once.
	const hash = tool === 'write_file' && typeof content === 'string' ? sha256(content) : sha256(await ctx.workspace.read(path));
	ledger.recordWrite({ path, hash, callId, tool, contentInCall: tool === 'write_file' });
}
