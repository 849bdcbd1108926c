import { type Dirent, promises as fs } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { languageOfPath } from './languages';

/** Folders never scanned: dependencies, build output, virtual environments, Rampart's own store. */
export const defaultExcludedDirs: readonly string[] = ['node_modules', '.git', 'dist', 'build', 'out', '.venv', 'venv', '__pycache__', '.rampart'];

export const ignoreFileName = '.rampartignore';

export interface ListOptions {
	/** Folder names skipped at any depth (default: `defaultExcludedDirs`). */
	readonly excludedDirs?: readonly string[];
	/** Read `.rampartignore` at each root (default true). */
	readonly useIgnoreFile?: boolean;
	/** Called for folders or files that could not be read; the walk goes on. */
	readonly onWarning?: (path: string, message: string) => void;
}

/** One compiled line of a `.rampartignore` file. */
interface IgnoreRule {
	readonly negated: boolean;
	readonly dirOnly: boolean;
	/** Anchored rules match the path relative to the root, the others any trailing part of it. */
	readonly regex: RegExp;
}

/**
 * Compiles a gitignore-like file: `#` comments, `dir/` (folders only), `*.ext`, `?`, `path/**`,
 * a leading `/` or an inner `/` anchors the pattern at the root, `!pattern` re-includes.
 */
export function parseIgnoreFile(text: string): readonly IgnoreRule[] {
	const rules: IgnoreRule[] = [];
	for (const raw of text.split(/\r?\n/)) {
		let line = raw.trim();
		if (line === '' || line.startsWith('#')) {
			continue;
		}
		const negated = line.startsWith('!');
		if (negated) {
			line = line.slice(1);
		}
		const dirOnly = line.endsWith('/');
		line = line.replace(/\/+$/, '');
		const anchored = line.includes('/');
		line = line.replace(/^\/+/, '');
		if (line === '') {
			continue;
		}
		const body = globToRegex(line);
		rules.push({ negated, dirOnly, regex: new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`) });
	}
	return rules;
}

function globToRegex(glob: string): string {
	let out = '';
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i];
		if (c === '*' && glob[i + 1] === '*') {
			const slashAfter = glob[i + 2] === '/';
			out += slashAfter ? '(?:.*/)?' : '.*';
			i += slashAfter ? 2 : 1;
		} else if (c === '*') {
			out += '[^/]*';
		} else if (c === '?') {
			out += '[^/]';
		} else {
			out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
		}
	}
	return out;
}

/** Whether a path (relative to the root, `/`-separated) is ignored; the last matching rule wins. */
export function isIgnored(rules: readonly IgnoreRule[], relativePath: string, isDir: boolean): boolean {
	let ignored = false;
	for (const rule of rules) {
		if ((!rule.dirOnly || isDir) && rule.regex.test(relativePath)) {
			ignored = !rule.negated;
		}
	}
	return ignored;
}

function isInside(parent: string, child: string): boolean {
	return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function errorText(error: unknown): string {
	const code = (error as NodeJS.ErrnoException).code;
	return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Lists the files Rampart can analyse under the given folders (or the files themselves),
 * absolute and sorted. Symbolic links are followed only when their target stays inside the
 * root; unreadable folders and files that vanish during the walk are passed over.
 */
export async function listSourceFiles(roots: readonly string[], options: ListOptions = {}): Promise<string[]> {
	const excluded = new Set(options.excludedDirs ?? defaultExcludedDirs);
	const warn = options.onWarning ?? (() => undefined);
	const seenFiles = new Set<string>();
	const out: string[] = [];

	const addFile = (path: string, real: string) => {
		if (!seenFiles.has(real) && languageOfPath(path)) {
			seenFiles.add(real);
			out.push(path);
		}
	};

	for (const given of roots) {
		const root = resolve(given);
		let realRoot: string;
		let isDir: boolean;
		try {
			realRoot = await fs.realpath(root);
			isDir = (await fs.stat(realRoot)).isDirectory();
		} catch (error) {
			warn(root, `cannot read: ${errorText(error)}`);
			continue;
		}
		if (!isDir) {
			addFile(root, realRoot);
			continue;
		}
		let rules: readonly IgnoreRule[] = [];
		if (options.useIgnoreFile !== false) {
			try {
				rules = parseIgnoreFile(await fs.readFile(join(root, ignoreFileName), 'utf8'));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
					warn(join(root, ignoreFileName), `cannot read: ${errorText(error)}`);
				}
			}
		}
		const visitedDirs = new Set<string>([realRoot]);
		// Links are followed after the plain tree, so files keep their own path when a link also reaches them.
		const links: Array<{ readonly path: string; readonly name: string }> = [];
		const visit = async (path: string, name: string, kind: 'dir' | 'file' | undefined, real: string): Promise<void> => {
			const rel = relative(root, path).split(sep).join('/');
			if (kind === 'dir') {
				if (!excluded.has(name) && !isIgnored(rules, rel, true) && !visitedDirs.has(real)) {
					visitedDirs.add(real);
					await walk(path, real);
				}
			} else if (kind === 'file' && !isIgnored(rules, rel, false)) {
				addFile(path, real);
			}
		};
		const walk = async (dir: string, realDir: string): Promise<void> => {
			let entries: Dirent[];
			try {
				entries = await fs.readdir(dir, { withFileTypes: true });
			} catch (error) {
				warn(dir, `cannot read folder: ${errorText(error)}`);
				return;
			}
			entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
			for (const entry of entries) {
				const path = join(dir, entry.name);
				if (entry.isSymbolicLink()) {
					links.push({ path, name: entry.name });
				} else {
					await visit(path, entry.name, entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined, join(realDir, entry.name));
				}
			}
		};
		await walk(root, realRoot);
		for (let link = links.shift(); link; link = links.shift()) {
			let real: string;
			let kind: 'dir' | 'file' | undefined;
			try {
				real = await fs.realpath(link.path);
				if (!isInside(realRoot, real)) {
					continue; // Never leave the root through a link.
				}
				const stat = await fs.stat(real);
				kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
			} catch {
				continue; // Dangling link or vanished target.
			}
			await visit(link.path, link.name, kind, real);
		}
	}
	return out.sort();
}

/** The deepest folder holding every given path (the scan root when several are given). */
export function commonRoot(paths: readonly string[]): string {
	if (paths.length === 0) {
		return resolve('.');
	}
	let parts = resolve(paths[0]).split(sep);
	for (const p of paths.slice(1)) {
		const other = resolve(p).split(sep);
		let i = 0;
		while (i < parts.length && i < other.length && parts[i] === other[i]) {
			i++;
		}
		parts = parts.slice(0, i);
	}
	const joined = parts.join(sep);
	return joined === '' ? sep : joined;
}
