import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { LanguageId } from './types';

const extensions: Readonly<Record<string, LanguageId>> = {
	'.js': 'javascript',
	'.mjs': 'javascript',
	'.cjs': 'javascript',
	'.jsx': 'javascript',
	'.ts': 'typescript',
	'.mts': 'typescript',
	'.cts': 'typescript',
	'.tsx': 'tsx',
	'.py': 'python',
	'.pyw': 'python',
};

/** The language of a file by its extension (`.d.ts` files hold no code and are not analysed). */
export function languageOfPath(path: string): LanguageId | undefined {
	if (path.endsWith('.d.ts')) {
		return undefined;
	}
	return extensions[extname(path).toLowerCase()];
}

/** Maps an LSP/VS Code language id to the grammar that parses it. */
export function languageOfEditorId(languageId: string, path: string): LanguageId | undefined {
	switch (languageId) {
		case 'javascript':
		case 'javascriptreact':
			return 'javascript';
		case 'typescript':
			return path.endsWith('.tsx') ? 'tsx' : 'typescript';
		case 'typescriptreact':
			return 'tsx';
		case 'python':
			return 'python';
		default:
			return languageOfPath(path);
	}
}

/**
 * Finds the folder holding the grammar `.wasm` files: next to the bundle (dist/) when bundled,
 * else the installed packages (tests running from source).
 */
export function findWasmDir(start: string = __dirname): { grammars: string; runtime: string } {
	if (existsSync(join(start, 'tree-sitter-python.wasm'))) {
		return { grammars: start, runtime: start };
	}
	for (let dir = start; ; dir = dirname(dir)) {
		const grammars = join(dir, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
		if (existsSync(join(grammars, 'tree-sitter-python.wasm'))) {
			return { grammars, runtime: join(dir, 'node_modules', 'web-tree-sitter') };
		}
		if (dirname(dir) === dir) {
			throw new Error(`Rampart: tree-sitter grammars not found from ${start}; run the build (npm run build).`);
		}
	}
}

let initialised: Promise<void> | undefined;
const loaded = new Map<LanguageId, Promise<Language>>();

/** Loads (once per process) the grammar of a language. */
export function loadLanguage(id: LanguageId): Promise<Language> {
	let promise = loaded.get(id);
	if (!promise) {
		const dirs = findWasmDir();
		initialised ??= Parser.init({ locateFile: (file: string) => join(dirs.runtime, file) });
		promise = initialised.then(() => Language.load(join(dirs.grammars, `tree-sitter-${id}.wasm`)));
		loaded.set(id, promise);
	}
	return promise;
}

export const allLanguages: readonly LanguageId[] = ['javascript', 'typescript', 'tsx', 'python'];
