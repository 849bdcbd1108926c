// WorkspacePort over a real folder (CLI and tests). Writes are atomic: a temp file in the same
// folder, then rename over the target, so a crash never leaves a half-written file behind.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FileStat, ListEntry, ListOptions, ListResult, SearchMatch, SearchQuery, SearchResult, WorkspacePort } from './workspacePort';

/** Files larger than this are not searched. */
const maxSearchFileBytes = 2 * 1024 * 1024;
/** Lines longer than this are matched only on their first part (bounds regex work per line). */
const maxSearchLineChars = 4000;
/** Folders never walked by list (recursive) and search: dependencies and build output. */
const skippedDirs = new Set(['node_modules', '.git', '.rampart', '.vscode', 'dist', 'build', 'out', '.venv', 'venv', '__pycache__']);

function kindOf(stat: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileStat['kind'] {
	return stat.isSymbolicLink() ? 'symlink' : stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
}

function join2(parent: string, name: string): string {
	return parent === '' || parent === '.' ? name : `${parent}/${name}`;
}

export class NodeWorkspace implements WorkspacePort {
	constructor(readonly root: string) {}

	private abs(path: string): string {
		return path === '' || path === '.' ? this.root : join(this.root, ...path.split('/'));
	}

	async read(path: string): Promise<string> {
		return fs.readFile(this.abs(path), 'utf8');
	}

	async write(path: string, content: string): Promise<void> {
		const target = this.abs(path);
		const folder = dirname(target);
		await fs.mkdir(folder, { recursive: true });
		let mode: number | undefined;
		try {
			mode = (await fs.stat(target)).mode & 0o777;
		} catch {
			mode = undefined;
		}
		const temp = join(folder, `.${basename(target)}.rampart-${randomBytes(6).toString('hex')}.tmp`);
		const handle = await fs.open(temp, 'wx', mode ?? 0o644);
		try {
			await handle.writeFile(content, 'utf8');
			await handle.sync();
		} catch (error) {
			await handle.close();
			await fs.rm(temp, { force: true });
			throw error;
		}
		await handle.close();
		try {
			await fs.rename(temp, target);
		} catch (error) {
			await fs.rm(temp, { force: true });
			throw error;
		}
	}

	async stat(path: string, options: { follow?: boolean } = {}): Promise<FileStat | undefined> {
		try {
			const s = options.follow ? await fs.stat(this.abs(path)) : await fs.lstat(this.abs(path));
			return { kind: kindOf(s), size: s.size, mtimeMs: s.mtimeMs };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
				return undefined;
			}
			throw error;
		}
	}

	async list(path: string, options: ListOptions = {}): Promise<ListResult> {
		const limit = options.limit ?? 1000;
		const entries: ListEntry[] = [];
		let truncated = false;
		const walk = async (folder: string): Promise<void> => {
			const dirents = (await fs.readdir(this.abs(folder), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
			for (const d of dirents) {
				if (entries.length >= limit) {
					truncated = true;
					return;
				}
				const rel = join2(folder, d.name);
				const isDir = d.isDirectory();
				if (options.exclude?.(rel, isDir)) {
					continue;
				}
				let size = 0;
				if (d.isFile()) {
					size = (await fs.lstat(this.abs(rel))).size;
				}
				entries.push({ path: rel, kind: kindOf(d), size });
				if (isDir && options.recursive && !skippedDirs.has(d.name)) {
					await walk(rel);
				}
			}
		};
		await walk(path);
		return { entries, truncated };
	}

	async search(query: SearchQuery): Promise<SearchResult> {
		const matches: SearchMatch[] = [];
		let filesSearched = 0;
		let truncated = false;
		const pattern = new RegExp(query.pattern.source, query.pattern.flags.replace(/[gy]/g, ''));
		const deadline = performance.now() + (query.timeBudgetMs ?? 10_000);
		const visit = async (folder: string): Promise<void> => {
			const dirents = (await fs.readdir(this.abs(folder), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
			for (const d of dirents) {
				if (truncated || query.signal?.aborted) {
					return;
				}
				if (performance.now() > deadline) {
					truncated = true;
					return;
				}
				const rel = join2(folder, d.name);
				if (d.isDirectory()) {
					if (!skippedDirs.has(d.name) && !query.exclude?.(rel, true)) {
						await visit(rel);
					}
					continue;
				}
				if (!d.isFile() || query.exclude?.(rel, false)) {
					continue;
				}
				const size = (await fs.lstat(this.abs(rel))).size;
				if (size > maxSearchFileBytes) {
					continue;
				}
				const buffer = await fs.readFile(this.abs(rel));
				if (buffer.subarray(0, 8192).includes(0)) {
					continue; // binary
				}
				filesSearched++;
				const lines = buffer.toString('utf8').split(/\r?\n/);
				for (let i = 0; i < lines.length; i++) {
					const line = lines[i].length > maxSearchLineChars ? lines[i].slice(0, maxSearchLineChars) : lines[i];
					if (pattern.test(line)) {
						if (matches.length >= query.maxResults) {
							truncated = true;
							return;
						}
						matches.push({ path: rel, line: i + 1, text: line });
					}
				}
			}
		};
		await visit(query.under);
		return { matches, truncated, filesSearched };
	}
}
