// Confinement: every path a model gives is resolved here before any tool touches the disk.
// Lexical checks first (NUL and control characters, absolute paths, drive letters, device names,
// `..` climbing out), then protected folders and `.rampartignore`, then the real path of the
// deepest existing ancestor (symlinks) must still be inside the workspace and not protected.
import { promises as fs } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { ignoreFileName, isIgnored, parseIgnoreFile } from '../../../language-server/src/engine/workspaceFiles';

/** A refusal the model can act on: the message goes back to it as the tool result. */
export class ToolError extends Error {
	override readonly name = 'ToolError';
}

/** Folders the agent never reads or writes (at any depth; compared case-insensitively). */
export const protectedDirs: readonly string[] = ['.git', '.rampart', '.vscode'];
/** Files the agent may read but never write: the policy that governs it. */
export const protectedFiles: readonly string[] = [ignoreFileName];

const deviceName = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;

export interface ConfinedPath {
	/** Normalised, relative to the root, `/`-separated ('' is the root itself). */
	relative: string;
	absolute: string;
}

export type Access = 'read' | 'write';

function isInside(parent: string, child: string): boolean {
	return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function show(path: string): string {
	return JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
}

export class Confinement {
	private constructor(
		readonly root: string,
		private readonly realRoot: string,
	) {}

	static async create(root: string): Promise<Confinement> {
		return new Confinement(root, await fs.realpath(root));
	}

	/** Lexical normalisation and checks only (no disk access except `.rampartignore`). */
	normalize(input: string): string {
		if (input.includes('\0')) {
			throw new ToolError(`Path ${show(input.replace(/\0/g, '\\0'))} contains a NUL byte, which no file name may contain. Use a plain relative path such as "src/app.ts".`);
		}
		// eslint-disable-next-line no-control-regex
		if (/[\u0001-\u001f\u007f]/.test(input)) {
			throw new ToolError(`Path ${show(input)} contains control characters. Use a plain relative path such as "src/app.ts".`);
		}
		const trimmed = input.trim();
		if (/^[\\/]/.test(trimmed) || /^[A-Za-z]:/.test(trimmed) || trimmed.startsWith('~')) {
			throw new ToolError(`Path ${show(input)} is absolute; only paths relative to the workspace root are accepted (for example "src/app.ts", or "." for the root).`);
		}
		const segments: string[] = [];
		for (const segment of trimmed.split(/[\\/]+/)) {
			if (segment === '' || segment === '.') {
				continue;
			}
			if (segment === '..') {
				if (segments.length === 0) {
					throw new ToolError(`Path ${show(input)} climbs out of the workspace with "..". Only files inside the workspace can be used; give a path relative to the workspace root.`);
				}
				segments.pop();
				continue;
			}
			if (segment.includes(':')) {
				throw new ToolError(`Path ${show(input)} has a ":" in "${segment}" (drive letters and alternate data streams are not allowed). Rename it without ":".`);
			}
			if (/[. ]$/.test(segment)) {
				throw new ToolError(`Path ${show(input)} has a name ending in a dot or a space ("${segment}"), which Windows silently drops. Use a name without the trailing dot or space.`);
			}
			if (deviceName.test(segment.split('.')[0])) {
				throw new ToolError(`Path ${show(input)} uses "${segment}", a reserved Windows device name. Choose another file name.`);
			}
			segments.push(segment);
		}
		return segments.join('/');
	}

	/** Why the relative path is off limits, or undefined. */
	private async refusal(relativePath: string, access: Access, isDirectory: boolean): Promise<string | undefined> {
		if (relativePath === '') {
			return undefined;
		}
		const segments = relativePath.split('/');
		const hit = segments.find((s) => protectedDirs.includes(s.toLowerCase()));
		if (hit) {
			return `"${relativePath}" is inside ${hit}/, which Rampart protects: the agent can neither read nor change it.`;
		}
		if (access === 'write' && protectedFiles.includes(relativePath.toLowerCase())) {
			return `"${relativePath}" is Rampart's policy file; the agent cannot change it.`;
		}
		const rules = await this.ignoreRules();
		for (let i = 1; i <= segments.length; i++) {
			const prefix = segments.slice(0, i).join('/');
			if (isIgnored(rules, prefix, i < segments.length || isDirectory)) {
				return `"${relativePath}" is excluded by ${ignoreFileName}${prefix === relativePath ? '' : ` (through "${prefix}")`}; the agent cannot use it.`;
			}
		}
		return undefined;
	}

	private async ignoreRules(): Promise<ReturnType<typeof parseIgnoreFile>> {
		try {
			return parseIgnoreFile(await fs.readFile(join(this.realRoot, ignoreFileName), 'utf8'));
		} catch {
			return [];
		}
	}

	/** Whether a listed entry must be hidden from the agent (protected or ignored). */
	async isHidden(relativePath: string, isDirectory: boolean): Promise<boolean> {
		return (await this.refusal(relativePath, 'read', isDirectory)) !== undefined;
	}

	/** A synchronous snapshot of `isHidden` for walks (reads `.rampartignore` once). */
	async hiddenFilter(): Promise<(path: string, isDirectory: boolean) => boolean> {
		const rules = await this.ignoreRules();
		return (path, isDirectory) => {
			const segments = path.split('/');
			if (segments.some((s) => protectedDirs.includes(s.toLowerCase()))) {
				return true;
			}
			return isIgnored(rules, path, isDirectory);
		};
	}

	/** Resolves a model-given path; throws ToolError with a message the model can act on. */
	async resolve(input: string, access: Access): Promise<ConfinedPath> {
		const rel = this.normalize(input);
		const lexical = await this.refusal(rel, access, false);
		if (lexical) {
			throw new ToolError(lexical);
		}
		const absolute = rel === '' ? this.realRoot : join(this.realRoot, ...rel.split('/'));
		// Resolve symlinks on the deepest part of the path that exists.
		let existing = absolute;
		let rest = '';
		let real: string | undefined;
		while (real === undefined) {
			try {
				real = await fs.realpath(existing);
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				if (code !== 'ENOENT' && code !== 'ENOTDIR') {
					throw new ToolError(`Path ${show(input)} cannot be resolved (${code ?? 'error'}).`);
				}
				const dangling = await fs.lstat(existing).then(
					(s) => s.isSymbolicLink(),
					() => false,
				);
				if (dangling) {
					throw new ToolError(`Path ${show(input)} goes through a symbolic link whose target does not exist; the agent does not follow such links.`);
				}
				if (existing === this.realRoot || dirname(existing) === existing) {
					throw new ToolError(`Path ${show(input)} cannot be resolved: the workspace root is missing.`);
				}
				rest = rest === '' ? relative(dirname(existing), existing) : join(relative(dirname(existing), existing), rest);
				existing = dirname(existing);
			}
		}
		if (!isInside(this.realRoot, real)) {
			throw new ToolError(`Path ${show(input)} leads outside the workspace through a symbolic link; only files inside the workspace can be used.`);
		}
		const realRel = relative(this.realRoot, rest === '' ? real : join(real, rest)).split(sep).join('/');
		if (realRel !== rel) {
			const through = await this.refusal(realRel, access, false);
			if (through) {
				throw new ToolError(`Path ${show(input)} is a symbolic link to ${through}`);
			}
		}
		return { relative: rel, absolute };
	}
}
