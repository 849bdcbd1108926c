import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { canonicalJson, sha256 } from './canonicalJson';
import { diffGraphs, diffValues, type GraphDiff, type ValueChange } from './diff';
import {
	StoreConflictError,
	StoreCorruptFileError,
	StoreError,
	StoreInvalidFileError,
	StoreLockTimeoutError,
	StoreNotFoundError,
	type SchemaProblem,
} from './errors';
import {
	ARTIFACT_KINDS,
	ARTIFACTS,
	MIGRATIONS,
	SCHEMA_VERSION,
	headSchema,
	legacyFileOf,
	versionRecordSchema,
	type ArtifactKind,
	type ArtifactOf,
	type StpaGraph,
	type VersionRecord,
} from './schemas';
import { locateJsonPath } from './jsonLocate';
import { FolderStorePort, type StorePort } from './storePort';
import { parseYamlDocument, toYamlText } from './yamlDocument';

const isYaml = (file: string): boolean => /\.ya?ml$/.test(file);

/** The working-file text of a document: canonical JSON, or YAML for `.yaml` files. */
export function serialiseDocument(kind: ArtifactKind, doc: unknown): string {
	return isYaml(ARTIFACTS[kind].file) ? toYamlText(doc, `Rampart ${kind}: edit freely, Rampart validates it on every read.`) : canonicalJson(doc);
}

export interface Author {
	readonly kind: 'user' | 'agent';
	readonly name: string;
}

export interface CommitOptions {
	readonly author: Author;
	readonly message: string;
	/** The head this change was based on; defaults to the last head this instance saw. */
	readonly expectedHead?: string | null;
}

export type ArtifactChanges = { [K in ArtifactKind]?: ArtifactOf<K> | null };
export type LoadedArtifacts = { [K in ArtifactKind]?: ArtifactOf<K> };

export interface DocumentDiff {
	readonly kind: ArtifactKind;
	readonly status: 'added' | 'removed' | 'changed';
	/** For the STPA-Sec graph: per node and edge. */
	readonly graph?: GraphDiff;
	/** For the other documents: per JSON path. */
	readonly changes?: ValueChange[];
}

export interface AnalysisStoreOptions {
	readonly port: StorePort;
	readonly now?: () => Date;
	/** A lock older than this is taken over (its writer crashed). */
	readonly lockStaleMs?: number;
	readonly lockTimeoutMs?: number;
}

const HEAD_FILE = 'versions/HEAD.json';
const LOCK_FILE = 'versions/LOCK';
const commitFile = (id: string): string => `versions/commits/${id}.json`;
const blobFile = (hash: string): string => `versions/blobs/${hash}.json`;

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	return { line, column: offset - before.lastIndexOf('\n') };
}

function formatPath(path: readonly PropertyKey[]): string {
	return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** Parses and validates one document's text; errors name the file and the problem. */
export function parseDocument<S extends z.ZodType>(file: string, text: string, schema: S, kind?: ArtifactKind): z.infer<S> {
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (e) {
		const detail = (e as Error).message;
		const at = /position (\d+)/.exec(detail);
		const offset = at ? Number(at[1]) : /end of JSON input/.test(detail) || text.trim() === '' ? text.length : undefined;
		const where = offset === undefined ? undefined : lineColumn(text, offset);
		throw new StoreCorruptFileError(file, text.trim() === '' ? 'the file is empty' : detail, where?.line, where?.column);
	}
	if (kind && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
		raw = migrate(kind, raw as Record<string, unknown>);
	}
	const result = schema.safeParse(raw);
	if (!result.success) {
		const problems: SchemaProblem[] = result.error.issues.map((i) => {
			const keys = i.path.filter((k): k is string | number => typeof k !== 'symbol');
			let at: { line: number; column: number } | undefined;
			for (let n = keys.length; n >= 0 && !at; n--) {
				at = locateJsonPath(text, keys.slice(0, n));
			}
			return { path: formatPath(i.path), message: i.message, line: at?.line, column: at?.column };
		});
		throw new StoreInvalidFileError(file, problems);
	}
	return result.data;
}

function migrate(kind: ArtifactKind, doc: Record<string, unknown>): Record<string, unknown> {
	let current = doc;
	let version = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : SCHEMA_VERSION;
	const steps = MIGRATIONS[kind] ?? {};
	while (version < SCHEMA_VERSION && steps[version]) {
		current = { ...steps[version]!(current), schemaVersion: version + 1 };
		version++;
	}
	return current;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * The `.rampart/` analysis store: validated working documents plus an immutable version history
 * (`versions/commits`, content-addressed `versions/blobs`, `versions/HEAD.json`). Writers take a
 * short lock and compare-and-swap the head, so concurrent writers get a conflict, never a lost write.
 */
export class AnalysisStore {
	private readonly port: StorePort;
	private readonly now: () => Date;
	private readonly lockStaleMs: number;
	private readonly lockTimeoutMs: number;
	private knownHead: string | null | undefined;

	constructor(options: AnalysisStoreOptions) {
		this.port = options.port;
		this.now = options.now ?? (() => new Date());
		this.lockStaleMs = options.lockStaleMs ?? 30_000;
		this.lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
	}

	/** A store over `<workspace>/.rampart`. */
	static forWorkspace(workspaceRoot: string, options: Omit<AnalysisStoreOptions, 'port'> = {}): AnalysisStore {
		return new AnalysisStore({ ...options, port: new FolderStorePort(join(workspaceRoot, '.rampart')) });
	}

	static fileOf(kind: ArtifactKind): string {
		return ARTIFACTS[kind].file;
	}

	/** The current version head; also becomes the base of this instance's next write. */
	async head(): Promise<string | null> {
		const head = await this.readHeadFile();
		this.knownHead = head;
		return head;
	}

	/** The working document, validated; undefined when it does not exist. */
	async read<K extends ArtifactKind>(kind: K): Promise<ArtifactOf<K> | undefined> {
		if (this.knownHead === undefined) {
			await this.head();
		}
		return this.readWorking(kind);
	}

	/** Every document that loads, and a typed error for every one that does not. */
	async readAll(): Promise<{ documents: LoadedArtifacts; problems: StoreError[] }> {
		await this.head();
		const documents: Record<string, unknown> = {};
		const problems: StoreError[] = [];
		for (const kind of ARTIFACT_KINDS) {
			try {
				const doc = await this.readWorking(kind);
				if (doc !== undefined) {
					documents[kind] = doc;
				}
			} catch (e) {
				if (!(e instanceof StoreError)) {
					throw e;
				}
				problems.push(e);
			}
		}
		return { documents: documents as LoadedArtifacts, problems };
	}

	/** Writes the given documents (null deletes one) as one new version. */
	async write(changes: ArtifactChanges, options: CommitOptions): Promise<VersionRecord> {
		const desired = new Map<ArtifactKind, unknown>();
		for (const kind of Object.keys(changes) as ArtifactKind[]) {
			const doc = changes[kind];
			if (doc === undefined) {
				continue;
			}
			desired.set(kind, doc === null ? null : this.validate(kind, doc, `${ARTIFACTS[kind].file} (new content)`));
		}
		return this.commit(desired, options, true);
	}

	/** Records edits made to the working files by hand (or by git) as a new version. */
	async recordWorkingChanges(options: CommitOptions): Promise<VersionRecord | undefined> {
		return this.withLock(async () => {
			const head = await this.checkHead(options);
			const parentDocs = head ? (await this.readVersion(head)).documents : {};
			const desired = new Map<ArtifactKind, unknown>();
			for (const kind of ARTIFACT_KINDS) {
				const doc = await this.readWorking(kind);
				const hash = doc === undefined ? undefined : sha256(canonicalJson(doc));
				if (hash !== parentDocs[kind]) {
					desired.set(kind, doc ?? null);
				}
			}
			if (desired.size === 0) {
				return undefined;
			}
			return this.commitLocked(head, desired, options, false);
		});
	}

	/** Versions from the head back to the first, newest first. */
	async listVersions(): Promise<VersionRecord[]> {
		const out: VersionRecord[] = [];
		let id = await this.readHeadFile();
		while (id) {
			const record = await this.readVersion(id);
			out.push(record);
			id = record.parent;
		}
		return out;
	}

	async readVersion(id: string): Promise<VersionRecord> {
		if (!/^[0-9a-f]{64}$/.test(id)) {
			throw new StoreNotFoundError(`version ${id}`);
		}
		const file = commitFile(id);
		const text = await this.port.read(file);
		if (text === undefined) {
			throw new StoreNotFoundError(`version ${id}`);
		}
		return parseDocument(file, text, versionRecordSchema);
	}

	/** A document as it was in a version; undefined when it did not exist then. */
	async readAt<K extends ArtifactKind>(versionId: string, kind: K): Promise<ArtifactOf<K> | undefined> {
		const record = await this.readVersion(versionId);
		const hash = record.documents[kind];
		return hash === undefined ? undefined : this.readBlob(kind, hash);
	}

	/** What changed from version `from` to version `to`, per document. */
	async diff(from: string, to: string): Promise<DocumentDiff[]> {
		const [a, b] = await Promise.all([this.readVersion(from), this.readVersion(to)]);
		const out: DocumentDiff[] = [];
		for (const kind of ARTIFACT_KINDS) {
			const ha = a.documents[kind];
			const hb = b.documents[kind];
			if (ha === hb) {
				continue;
			}
			const before = ha === undefined ? undefined : await this.readBlob(kind, ha);
			const after = hb === undefined ? undefined : await this.readBlob(kind, hb);
			const status = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
			out.push(
				kind === 'stpa'
					? { kind, status, graph: diffGraphs(before as StpaGraph | undefined, after as StpaGraph | undefined) }
					: { kind, status, changes: diffValues(before, after) },
			);
		}
		return out;
	}

	/** Makes the documents of an earlier version current again, as a new version on top of the head. */
	async restore(versionId: string, options: CommitOptions): Promise<VersionRecord> {
		const target = await this.readVersion(versionId);
		const desired = new Map<ArtifactKind, unknown>();
		for (const kind of ARTIFACT_KINDS) {
			const hash = target.documents[kind];
			desired.set(kind, hash === undefined ? null : await this.readBlob(kind, hash));
		}
		return this.commit(desired, { ...options, message: options.message || `restore ${versionId.slice(0, 12)}` }, true);
	}

	// ---- internals ----

	private validate(kind: ArtifactKind, doc: unknown, label: string): unknown {
		const result = ARTIFACTS[kind].schema.safeParse(doc);
		if (!result.success) {
			throw new StoreInvalidFileError(label, result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
		}
		return result.data;
	}

	private async readWorking<K extends ArtifactKind>(kind: K): Promise<ArtifactOf<K> | undefined> {
		let file: string = ARTIFACTS[kind].file;
		let text = await this.port.read(file);
		const legacy = legacyFileOf(kind);
		if (text === undefined && legacy !== undefined) {
			file = legacy;
			text = await this.port.read(file);
		}
		if (text === undefined) {
			return undefined;
		}
		if (isYaml(file)) {
			return parseYamlDocument(file, text, ARTIFACTS[kind].schema, (doc) => migrate(kind, doc)) as ArtifactOf<K>;
		}
		return parseDocument(file, text, ARTIFACTS[kind].schema, kind) as ArtifactOf<K>;
	}

	private async readBlob<K extends ArtifactKind>(kind: K, hash: string): Promise<ArtifactOf<K>> {
		const file = blobFile(hash);
		const text = await this.port.read(file);
		if (text === undefined) {
			throw new StoreNotFoundError(`${file} (${kind})`);
		}
		if (sha256(text) !== hash) {
			throw new StoreCorruptFileError(file, 'content does not match its hash');
		}
		return parseDocument(file, text, ARTIFACTS[kind].schema, kind) as ArtifactOf<K>;
	}

	private async readHeadFile(): Promise<string | null> {
		const text = await this.port.read(HEAD_FILE);
		return text === undefined ? null : parseDocument(HEAD_FILE, text, headSchema).head;
	}

	private async checkHead(options: CommitOptions): Promise<string | null> {
		const head = await this.readHeadFile();
		const expected = options.expectedHead !== undefined ? options.expectedHead : this.knownHead === undefined ? head : this.knownHead;
		if (expected !== head) {
			throw new StoreConflictError(expected, head);
		}
		return head;
	}

	private commit(desired: Map<ArtifactKind, unknown>, options: CommitOptions, checkDirty: boolean): Promise<VersionRecord> {
		return this.withLock(async () => this.commitLocked(await this.checkHead(options), desired, options, checkDirty));
	}

	private async commitLocked(head: string | null, desired: Map<ArtifactKind, unknown>, options: CommitOptions, checkDirty: boolean): Promise<VersionRecord> {
		const parent = head ? await this.readVersion(head) : undefined;
		const documents: Record<string, string> = { ...(parent?.documents ?? {}) };
		const writes: { kind: ArtifactKind; text: string | null }[] = [];
		for (const [kind, doc] of desired) {
			if (checkDirty) {
				// Never overwrite a hand-broken file or an unrecorded edit: readWorking throws on the first.
				const onDisk = await this.readWorking(kind);
				const diskHash = onDisk === undefined ? undefined : sha256(canonicalJson(onDisk));
				if (diskHash !== documents[kind]) {
					throw new StoreConflictError(head, head, 'modifiedOnDisk', ARTIFACTS[kind].file);
				}
			}
			const text = doc === null ? null : canonicalJson(doc);
			const hash = text === null ? undefined : sha256(text);
			if (hash === documents[kind]) {
				continue;
			}
			if (hash === undefined) {
				delete documents[kind];
			}
			else {
				documents[kind] = hash;
			}
			writes.push({ kind, text });
		}
		if (writes.length === 0 && parent) {
			this.knownHead = head;
			return parent;
		}
		for (const { text } of writes) {
			if (text !== null) {
				await this.port.createExclusive(blobFile(sha256(text)), text);
			}
		}
		const body = {
			schemaVersion: SCHEMA_VERSION,
			parent: head,
			time: this.now().toISOString(),
			author: { kind: options.author.kind, name: options.author.name },
			message: options.message,
			documents,
			changed: writes.map((w) => w.kind).sort(),
		};
		const id = sha256(canonicalJson(body));
		const record = versionRecordSchema.parse({ ...body, id });
		await this.port.createExclusive(commitFile(id), canonicalJson(record));
		for (const { kind, text } of writes) {
			if (text === null) {
				await this.port.remove(ARTIFACTS[kind].file);
			}
			else {
				await this.port.writeAtomic(ARTIFACTS[kind].file, isYaml(ARTIFACTS[kind].file) ? serialiseDocument(kind, JSON.parse(text)) : text);
			}
			// The old location would shadow nothing but confuse readers: its content is in the new file and the history.
			const legacy = legacyFileOf(kind);
			if (legacy !== undefined) {
				await this.port.remove(legacy);
			}
		}
		await this.port.writeAtomic(HEAD_FILE, canonicalJson({ schemaVersion: SCHEMA_VERSION, head: id }));
		this.knownHead = id;
		return record;
	}

	private async withLock<T>(body: () => Promise<T>): Promise<T> {
		const token = await this.acquireLock();
		try {
			return await body();
		} finally {
			await this.releaseLock(token);
		}
	}

	private async acquireLock(): Promise<string> {
		const token = randomBytes(8).toString('hex');
		const content = canonicalJson({ pid: process.pid, host: hostname(), token, time: this.now().toISOString() });
		const deadline = Date.now() + this.lockTimeoutMs;
		let holder = 'unknown';
		for (;;) {
			if (await this.port.createExclusive(LOCK_FILE, content)) {
				return token;
			}
			const existing = await this.port.read(LOCK_FILE);
			if (existing !== undefined && (await this.lockIsStale(existing))) {
				// Move it aside first so only one taker removes it.
				const aside = `${LOCK_FILE}.stale.${token}`;
				if (await this.port.rename(LOCK_FILE, aside)) {
					const moved = await this.port.read(aside);
					if (moved !== undefined && moved !== existing) {
						// A live writer replaced the stale lock between our read and the rename: give it back.
						await this.port.createExclusive(LOCK_FILE, moved);
					}
					await this.port.remove(aside);
				}
				continue;
			}
			holder = existing?.trim().replace(/\s+/g, ' ') ?? holder;
			if (Date.now() > deadline) {
				throw new StoreLockTimeoutError(LOCK_FILE, holder);
			}
			await sleep(2 + Math.random() * 10);
		}
	}

	private async lockIsStale(text: string): Promise<boolean> {
		const mtime = await this.port.mtime(LOCK_FILE);
		if (mtime !== undefined && Date.now() - mtime > this.lockStaleMs) {
			return true;
		}
		try {
			const info = JSON.parse(text) as { pid?: unknown; host?: unknown };
			return info.host === hostname() && typeof info.pid === 'number' && !pidAlive(info.pid);
		} catch {
			return false; // Being written or garbled: let the age decide.
		}
	}

	private async releaseLock(token: string): Promise<void> {
		const text = await this.port.read(LOCK_FILE);
		if (text !== undefined && text.includes(`"token": "${token}"`)) {
			await this.port.remove(LOCK_FILE);
		}
	}
}
