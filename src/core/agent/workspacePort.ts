// The agent's view of the workspace. Paths are relative to the workspace root, `/`-separated, and
// already confined (see confinement.ts): a port never decides what the agent may touch.

export interface FileStat {
	kind: 'file' | 'directory' | 'symlink' | 'other';
	size: number;
	mtimeMs: number;
}

export interface ListEntry {
	/** Relative to the workspace root, `/`-separated. */
	path: string;
	kind: FileStat['kind'];
	size: number;
}

export interface ListOptions {
	recursive?: boolean;
	/** Stop after this many entries (the result says it was truncated). */
	limit?: number;
	/** Entries (and, for folders, everything under them) for which this returns true are left out. */
	exclude?: (path: string, isDirectory: boolean) => boolean;
}

export interface ListResult {
	entries: ListEntry[];
	truncated: boolean;
}

export interface SearchQuery {
	/** A compiled pattern; matched against each line of each text file. */
	pattern: RegExp;
	/** Folder to search under ('' or '.' for the root). */
	under: string;
	maxResults: number;
	exclude?: (path: string, isDirectory: boolean) => boolean;
	signal?: AbortSignal;
	/** Stop (truncated) after this much wall time; default 10 s. */
	timeBudgetMs?: number;
}

export interface SearchMatch {
	path: string;
	line: number;
	text: string;
}

export interface SearchResult {
	matches: SearchMatch[];
	truncated: boolean;
	filesSearched: number;
}

export interface WorkspacePort {
	read(path: string): Promise<string>;
	/** Creates parent folders; replaces the file as one step (never leaves it half written). */
	write(path: string, content: string): Promise<void>;
	list(path: string, options?: ListOptions): Promise<ListResult>;
	/** Undefined when nothing exists at `path`; follows a final symlink only when `follow` is set. */
	stat(path: string, options?: { follow?: boolean }): Promise<FileStat | undefined>;
	search(query: SearchQuery): Promise<SearchResult>;
}
