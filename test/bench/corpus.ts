import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Linter } from 'eslint';
import { defaultLimits, skipBeforeParse } from '../../language-server/src/engine/fileFilter';

/** A folder of real source files that every tool of one comparison scans, file for file. */
export interface Corpus {
	readonly name: string;
	readonly dir: string;
	readonly files: readonly string[];
	readonly bytes: number;
	readonly source: string;
	/** Why candidate files were left out, with counts (the same files are left out for every tool). */
	readonly excluded: Readonly<Record<string, number>>;
}

function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
	let names: string[];
	try {
		names = readdirSync(dir).sort();
	} catch {
		return out;
	}
	for (const name of names) {
		const path = join(dir, name);
		let stat;
		try {
			stat = statSync(path);
		} catch {
			continue;
		}
		if (stat.isDirectory()) {
			walk(path, keep, out);
		} else if (stat.isFile() && keep(path)) {
			out.push(path);
		}
	}
	return out;
}

/** Copies the chosen files flat into `dir` (numbered, so names never clash and no tool skips a folder). */
function materialise(dir: string, chosen: ReadonlyArray<{ readonly from: string; readonly sub: string }>, root: string): string[] {
	return chosen.map(({ from, sub }, i) => {
		const flat = relative(root, from).split(/[\\/]/).join('__');
		const target = join(dir, sub, `${String(i).padStart(5, '0')}_${flat.length > 120 ? basename(from) : flat}`);
		mkdirSync(join(dir, sub), { recursive: true });
		copyFileSync(from, target);
		return target;
	});
}

function count(excluded: Record<string, number>, reason: string): void {
	excluded[reason] = (excluded[reason] ?? 0) + 1;
}

/** Drops what Rampart would skip before parsing (size, minified, generated) so every tool gets full work. */
function engineWouldSkip(path: string, text: string): string | undefined {
	return skipBeforeParse(path, text, defaultLimits)?.reason;
}

export function pythonStdlib(python = 'python3'): string | undefined {
	try {
		return execFileSync(python, ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
	} catch {
		return undefined;
	}
}

/**
 * Real Python: this machine's standard library (no site-packages), files that Bandit's own
 * interpreter can parse, in path order until `targetBytes`.
 */
export function pythonCorpus(dir: string, targetBytes: number, checker = '/usr/bin/python3'): Corpus | undefined {
	const stdlib = pythonStdlib();
	if (!stdlib) {
		return undefined;
	}
	const excluded: Record<string, number> = {};
	const candidates = walk(stdlib, (p) => p.endsWith('.py') && !p.includes(`${join(stdlib, 'site-packages')}`));
	// One interpreter run checks every file: Bandit cannot analyse what its Python cannot parse.
	const check = spawnSync(checker, ['-c', 'import ast,sys\nfor p in sys.stdin.read().split("\\0"):\n  try:\n    ast.parse(open(p,"rb").read())\n  except Exception:\n    print(p)'], { input: candidates.join('\0'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	const unparsable = new Set(check.status === 0 ? check.stdout.split('\n').filter((l) => l.length > 0) : []);
	const chosen: Array<{ from: string; sub: string }> = [];
	let bytes = 0;
	for (const path of candidates) {
		if (bytes >= targetBytes) {
			break;
		}
		if (unparsable.has(path)) {
			count(excluded, 'not parsable by Bandit\'s Python');
			continue;
		}
		const text = readFileSync(path, 'utf8');
		const skip = engineWouldSkip(path, text);
		if (skip) {
			count(excluded, skip);
			continue;
		}
		chosen.push({ from: path, sub: 'py' });
		bytes += statSync(path).size;
	}
	return { name: 'Python stdlib', dir, files: materialise(dir, chosen, stdlib), bytes, source: stdlib, excluded };
}

/**
 * Real JavaScript: plain `.js` files from node_modules (no `.min.js`, no minified or generated
 * files, no duplicates), each kept only if ESLint's parser reads it as an ES module or as
 * CommonJS; they go to `esm/` or `cjs/` so ESLint gets the right source type.
 */
export function javascriptCorpus(dir: string, nodeModules: string, targetBytes: number): Corpus {
	const excluded: Record<string, number> = {};
	const candidates = walk(nodeModules, (p) => p.endsWith('.js') && !p.endsWith('.min.js'));
	const linter = new Linter({ configType: 'flat' });
	const parses = (text: string, sourceType: 'module' | 'commonjs') =>
		!linter.verify(text, [{ files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType } }], 'x.js').some((m) => m.fatal);
	const seen = new Set<string>();
	const chosen: Array<{ from: string; sub: string }> = [];
	let bytes = 0;
	for (const path of candidates) {
		if (bytes >= targetBytes) {
			break;
		}
		const size = statSync(path).size;
		if (size > defaultLimits.maxBytes) {
			count(excluded, 'too-large');
			continue;
		}
		const text = readFileSync(path, 'utf8');
		const hash = createHash('sha1').update(text).digest('hex');
		if (seen.has(hash)) {
			count(excluded, 'duplicate');
			continue;
		}
		seen.add(hash);
		const skip = engineWouldSkip(path, text);
		if (skip) {
			count(excluded, skip);
			continue;
		}
		const sub = parses(text, 'module') ? 'esm' : parses(text, 'commonjs') ? 'cjs' : undefined;
		if (!sub) {
			count(excluded, 'not parsable by ESLint');
			continue;
		}
		chosen.push({ from: path, sub });
		bytes += size;
	}
	return { name: 'JavaScript (node_modules)', dir, files: materialise(dir, chosen, nodeModules), bytes, source: nodeModules, excluded };
}
