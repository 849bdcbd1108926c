// Tamper-evident record of what the agent did: one JSON object per line, each carrying the hash of
// the previous entry and its own hash over (seq, time, prev, type, data). Editing, inserting or
// deleting any entry breaks the chain at that entry; `verifyAuditLog` names the first bad one.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';

export const genesisHash = '0'.repeat(64);

export type AuditType = 'run-start' | 'tool-call' | 'approval' | 'file-change' | 'run-end';

export interface AuditEntry {
	seq: number;
	time: string;
	prev: string;
	type: AuditType;
	data: Record<string, unknown>;
	hash: string;
}

function hashOf(entry: Omit<AuditEntry, 'hash'>): string {
	const canonical = JSON.stringify([entry.seq, entry.time, entry.prev, entry.type, entry.data]);
	return createHash('sha256').update(canonical).digest('hex');
}

export function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

export interface AuditSink {
	append(type: AuditType, data: Record<string, unknown>): Promise<AuditEntry>;
}

export class AuditLog implements AuditSink {
	private tail: Promise<unknown> = Promise.resolve();

	private constructor(
		readonly file: string,
		private seq: number,
		private prev: string,
		private readonly now: () => Date,
	) {}

	/** Opens (or starts) a log; refuses to extend a log whose chain is already broken. */
	static async open(file: string, now: () => Date = () => new Date()): Promise<AuditLog> {
		let text = '';
		try {
			text = await fs.readFile(file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
				throw error;
			}
		}
		const check = verifyAuditText(text);
		if (!check.ok) {
			throw new Error(`Audit log ${file} is damaged at line ${check.line}: ${check.reason}`);
		}
		await fs.mkdir(dirname(file), { recursive: true });
		return new AuditLog(file, check.entries, check.head, now);
	}

	/** Appends in call order, even when callers run concurrently. */
	append(type: AuditType, data: Record<string, unknown>): Promise<AuditEntry> {
		const next = this.tail.then(async () => {
			const body = { seq: this.seq + 1, time: this.now().toISOString(), prev: this.prev, type, data };
			const entry: AuditEntry = { ...body, hash: hashOf(body) };
			await fs.appendFile(this.file, `${JSON.stringify(entry)}\n`, 'utf8');
			this.seq = entry.seq;
			this.prev = entry.hash;
			return entry;
		});
		this.tail = next.catch(() => undefined);
		return next;
	}

	/** Hash of the last entry (anchor it elsewhere to detect truncation). */
	get head(): string {
		return this.prev;
	}
}

export type AuditVerification = { ok: true; entries: number; head: string } | { ok: false; line: number; reason: string };

export function verifyAuditText(text: string): AuditVerification {
	if (text === '') {
		return { ok: true, entries: 0, head: genesisHash };
	}
	if (!text.endsWith('\n')) {
		const line = text.split('\n').length;
		return { ok: false, line, reason: 'the last entry is not terminated by a newline (truncated or edited)' };
	}
	const lines = text.slice(0, -1).split('\n');
	let prev = genesisHash;
	for (let i = 0; i < lines.length; i++) {
		const line = i + 1;
		let entry: AuditEntry;
		try {
			entry = JSON.parse(lines[i]) as AuditEntry;
		} catch {
			return { ok: false, line, reason: 'not valid JSON' };
		}
		const keys = entry && typeof entry === 'object' ? Object.keys(entry).join(',') : '';
		if (keys !== 'seq,time,prev,type,data,hash' || typeof entry.data !== 'object' || entry.data === null) {
			return { ok: false, line, reason: 'not an audit entry (unexpected fields)' };
		}
		if (entry.seq !== line) {
			return { ok: false, line, reason: `sequence number ${String(entry.seq)}, expected ${line}` };
		}
		if (entry.prev !== prev) {
			return { ok: false, line, reason: 'previous-hash does not match the entry before it' };
		}
		if (entry.hash !== hashOf(entry) || JSON.stringify(entry) !== lines[i]) {
			return { ok: false, line, reason: 'content does not match its hash' };
		}
		prev = entry.hash;
	}
	return { ok: true, entries: lines.length, head: prev };
}

export async function verifyAuditLog(file: string): Promise<AuditVerification> {
	return verifyAuditText(await fs.readFile(file, 'utf8'));
}
