import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** The few file operations the analysis store needs; paths are relative to the store root. */
export interface StorePort {
	/** The file's text, or undefined when it does not exist. */
	read(path: string): Promise<string | undefined>;
	/** Replaces the file atomically: readers see the old or the new content, never half of it. */
	writeAtomic(path: string, content: string): Promise<void>;
	/** Creates the file only if it does not exist; false when it already did. */
	createExclusive(path: string, content: string): Promise<boolean>;
	remove(path: string): Promise<void>;
	/** Renames within the store; false when the source does not exist. */
	rename(from: string, to: string): Promise<boolean>;
	list(dir: string): Promise<string[]>;
	/** Modification time in ms, or undefined when missing. */
	mtime(path: string): Promise<number | undefined>;
}

const isErrno = (e: unknown, code: string): boolean => (e as NodeJS.ErrnoException | undefined)?.code === code;

/** StorePort over a real folder. */
export class FolderStorePort implements StorePort {
	readonly root: string;

	constructor(root: string) {
		this.root = resolve(root);
	}

	private abs(path: string): string {
		const full = resolve(this.root, path);
		if (full !== this.root && !full.startsWith(this.root + sep)) {
			throw new Error(`path escapes the store: ${path}`);
		}
		return full;
	}

	async read(path: string): Promise<string | undefined> {
		try {
			return await fs.readFile(this.abs(path), 'utf8');
		} catch (e) {
			if (isErrno(e, 'ENOENT')) {
				return undefined;
			}
			throw e;
		}
	}

	async writeAtomic(path: string, content: string): Promise<void> {
		const target = this.abs(path);
		await fs.mkdir(dirname(target), { recursive: true });
		const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
		try {
			const handle = await fs.open(temp, 'wx', 0o644);
			try {
				await handle.writeFile(content, 'utf8');
				await handle.sync();
			} finally {
				await handle.close();
			}
			await fs.rename(temp, target);
		} catch (e) {
			await fs.rm(temp, { force: true });
			throw e;
		}
	}

	async createExclusive(path: string, content: string): Promise<boolean> {
		const target = this.abs(path);
		await fs.mkdir(dirname(target), { recursive: true });
		// Write to a temp file and hard-link it into place: the name appears only with full content.
		const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
		await fs.writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
		try {
			await fs.link(temp, target);
			return true;
		} catch (e) {
			if (isErrno(e, 'EEXIST')) {
				return false;
			}
			throw e;
		} finally {
			await fs.rm(temp, { force: true });
		}
	}

	/** Removes a file, or a folder with everything in it. */
	async remove(path: string): Promise<void> {
		await fs.rm(this.abs(path), { force: true, recursive: true });
	}

	async rename(from: string, to: string): Promise<boolean> {
		try {
			await fs.rename(this.abs(from), this.abs(to));
			return true;
		} catch (e) {
			if (isErrno(e, 'ENOENT')) {
				return false;
			}
			throw e;
		}
	}

	async list(dir: string): Promise<string[]> {
		try {
			return (await fs.readdir(this.abs(dir))).sort();
		} catch (e) {
			if (isErrno(e, 'ENOENT')) {
				return [];
			}
			throw e;
		}
	}

	async mtime(path: string): Promise<number | undefined> {
		try {
			return (await fs.stat(this.abs(path))).mtimeMs;
		} catch (e) {
			if (isErrno(e, 'ENOENT')) {
				return undefined;
			}
			throw e;
		}
	}
}

export const joinStorePath = (...parts: string[]): string => join(...parts).split(sep).join('/');
