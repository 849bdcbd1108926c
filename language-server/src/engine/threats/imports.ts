import { posix } from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import type { LanguageId } from '../types';
import { type AnchoredFunction, type FileIndex, indexFile } from './anchors';
import { calleeOf } from './facts';
import { ThreatSourceParser } from './sourceParser';

/**
 * A name a file binds to something another workspace module exports:
 * `const { findUser } = require('./db')`, `import { findUser as f } from './db'`,
 * `from .db import find_user`, or a whole module (`const db = require('./db')`, `from . import db`).
 */
export interface ImportBinding {
	/** The local name (`findUser`, `f`, `db`). */
	readonly local: string;
	/** The module as written: `./db`, `../db/index.js`, `.db`, `app.db`. */
	readonly specifier: string;
	/** The exported name; undefined when the local name is the module itself (`db.findUser(…)`). */
	readonly imported?: string;
}

/** A parsed module a file imports, with its index (for finding the called function). */
export interface ImportedModule {
	/** Workspace-relative path, forward slashes. */
	readonly file: string;
	readonly language: LanguageId;
	readonly tree: Tree;
	readonly index: FileIndex;
}

/** The modules a file imports, by specifier as written in that file (only those that resolved). */
export type ImportedModules = ReadonlyMap<string, ImportedModule>;

/** A called function found in an imported module. */
export interface ImportedFunction {
	readonly module: ImportedModule;
	readonly fn: AnchoredFunction;
}

function stringValue(node: Node | null | undefined): string | undefined {
	if (!node || node.type !== 'string') {
		return undefined;
	}
	return node.text.replace(/^['"]/, '').replace(/['"]$/, '');
}

/** `require('./x')` (possibly awaited or parenthesised): the specifier. */
function requireOf(node: Node | null | undefined): string | undefined {
	let n = node;
	while (n && (n.type === 'await_expression' || n.type === 'parenthesized_expression')) {
		n = n.namedChildren[0] ?? null;
	}
	if (n?.type !== 'call_expression' || n.childForFieldName('function')?.text !== 'require') {
		return undefined;
	}
	return stringValue(n.childForFieldName('arguments')?.namedChildren[0]);
}

function jsBindings(root: Node): ImportBinding[] {
	const out: ImportBinding[] = [];
	for (const d of root.descendantsOfType('variable_declarator')) {
		const specifier = requireOf(d?.childForFieldName('value'));
		const name = d?.childForFieldName('name');
		if (!d || specifier === undefined || !name) {
			continue;
		}
		if (name.type === 'identifier') {
			out.push({ local: name.text, specifier });
		} else if (name.type === 'object_pattern') {
			for (const p of name.namedChildren) {
				if (p?.type === 'shorthand_property_identifier_pattern') {
					out.push({ local: p.text, specifier, imported: p.text });
				} else if (p?.type === 'pair_pattern') {
					const key = p.childForFieldName('key')?.text;
					const value = p.childForFieldName('value');
					if (key && value?.type === 'identifier') {
						out.push({ local: value.text, specifier, imported: key });
					}
				}
			}
		}
	}
	for (const s of root.descendantsOfType('import_statement')) {
		const specifier = stringValue(s?.childForFieldName('source'));
		const clause = s?.namedChildren.find((c) => c?.type === 'import_clause');
		if (!s || specifier === undefined || !clause) {
			continue;
		}
		for (const c of clause.namedChildren) {
			if (c?.type === 'identifier' || c?.type === 'namespace_import') {
				const local = c.type === 'identifier' ? c : c.namedChildren.find((x) => x?.type === 'identifier');
				if (local) {
					out.push({ local: local.text, specifier });
				}
			} else if (c?.type === 'named_imports') {
				for (const spec of c.namedChildren) {
					const name = spec?.childForFieldName('name')?.text;
					if (spec?.type === 'import_specifier' && name) {
						out.push({ local: spec.childForFieldName('alias')?.text ?? name, specifier, imported: name });
					}
				}
			}
		}
	}
	return out;
}

function pyBindings(root: Node): ImportBinding[] {
	const out: ImportBinding[] = [];
	for (const s of root.descendantsOfType('import_from_statement')) {
		const moduleNode = s?.childForFieldName('module_name');
		if (!s || !moduleNode) {
			continue;
		}
		const from = moduleNode.text.replace(/\s+/g, '');
		for (const n of s.childrenForFieldName('name')) {
			const name = n?.type === 'aliased_import' ? n.childForFieldName('name')?.text : n?.text;
			const local = n?.type === 'aliased_import' ? n.childForFieldName('alias')?.text : name;
			if (!name || !local || name.includes('.')) {
				continue;
			}
			// `from . import db` / `from .pkg import db`: `db` may be a module or a function; both are tried.
			out.push({ local, specifier: from, imported: name });
			if (/^\.+$/.test(from) || from.startsWith('.')) {
				out.push({ local, specifier: from.endsWith('.') ? `${from}${name}` : `${from}.${name}` });
			}
		}
	}
	for (const s of root.descendantsOfType('import_statement')) {
		for (const n of s?.childrenForFieldName('name') ?? []) {
			if (n?.type === 'aliased_import') {
				const name = n.childForFieldName('name')?.text;
				const alias = n.childForFieldName('alias')?.text;
				if (name && alias) {
					out.push({ local: alias, specifier: name });
				}
			} else if (n?.type === 'dotted_name') {
				out.push({ local: n.text, specifier: n.text });
			}
		}
	}
	return out;
}

/** The import bindings of a parsed file. */
export function importBindings(root: Node, language: LanguageId): ImportBinding[] {
	return language === 'python' ? pyBindings(root) : jsBindings(root);
}

const jsExtensions = ['.js', '.ts', '.tsx', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** Workspace-relative, normalised; undefined when the path leaves the workspace. */
function inside(path: string): string | undefined {
	const n = posix.normalize(path);
	return n === '..' || n.startsWith('../') || posix.isAbsolute(n) || n === '.' ? undefined : n;
}

/**
 * The workspace files a specifier may name, in the order they are tried. Only relative JS/TS
 * modules and Python modules (relative, or absolute under a folder of the importing file's path)
 * are candidates; packages and anything outside the workspace are not.
 */
export function moduleCandidates(fromFile: string, specifier: string, language: LanguageId): string[] {
	const dir = posix.dirname(fromFile);
	if (language !== 'python') {
		if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') {
			return [];
		}
		const base = inside(posix.join(dir, specifier));
		if (!base) {
			return [];
		}
		const ext = posix.extname(base);
		const stem = /^\.(m|c)?js$/.test(ext) ? base.slice(0, -ext.length) : undefined;
		const out = [
			...(jsExtensions.includes(ext) ? [base] : []),
			...(stem !== undefined ? ['.ts', '.tsx', '.mts', '.cts'].map((e) => `${stem}${e}`) : []),
			...jsExtensions.map((e) => `${base}${e}`),
			...jsExtensions.map((e) => `${base}/index${e}`),
		];
		return [...new Set(out.map((p) => inside(p)).filter((p): p is string => p !== undefined))];
	}
	const dots = /^\.*/.exec(specifier)?.[0].length ?? 0;
	const parts = specifier.slice(dots).split('.').filter((p) => p !== '');
	if (parts.some((p) => !/^\w+$/.test(p))) {
		return [];
	}
	const bases: string[] = [];
	if (dots > 0) {
		let d = dir;
		for (let i = 1; i < dots; i++) {
			d = posix.dirname(d);
		}
		bases.push(d);
	} else {
		if (parts.length === 0) {
			return [];
		}
		// Absolute imports resolve against the folder the package sits in: try every ancestor.
		for (let d = dir; ; d = posix.dirname(d)) {
			bases.push(d);
			if (d === '.' || d === '/' || d === '') {
				break;
			}
		}
	}
	const out: string[] = [];
	for (const b of bases) {
		const path = posix.join(b, ...parts);
		if (parts.length > 0) {
			out.push(`${path}.py`);
		}
		out.push(`${path}/__init__.py`);
	}
	return [...new Set(out.map((p) => inside(p)).filter((p): p is string => p !== undefined && p !== fromFile))];
}

/** Every callee in the file, to load only the modules whose names are called. */
function calledNames(root: Node): Set<string> {
	const names = new Set<string>();
	for (const c of root.descendantsOfType(['call_expression', 'call'])) {
		if (c) {
			names.add(calleeOf(c));
		}
	}
	return names;
}

function isCalled(b: ImportBinding, called: ReadonlySet<string>): boolean {
	if (b.imported !== undefined) {
		return called.has(b.local);
	}
	for (const c of called) {
		if (c.startsWith(`${b.local}.`) && !c.slice(b.local.length + 1).includes('.')) {
			return true;
		}
	}
	return false;
}

/** Reads a workspace-relative file (undefined: it does not exist or cannot be read). */
export type ReadWorkspaceFile = (file: string) => Promise<string | undefined>;

/**
 * Parses the workspace modules a file imports and calls functions of (one level: the imports of
 * those modules are not followed). The caller owns the trees: delete them with {@link releaseModules}.
 */
export async function loadImportedModules(fromFile: string, language: LanguageId, root: Node, parser: ThreatSourceParser, read: ReadWorkspaceFile): Promise<Map<string, ImportedModule>> {
	const out = new Map<string, ImportedModule>();
	const called = calledNames(root);
	const tried = new Set<string>();
	for (const b of importBindings(root, language)) {
		if (tried.has(b.specifier) || !isCalled(b, called)) {
			continue;
		}
		tried.add(b.specifier);
		for (const file of moduleCandidates(fromFile, b.specifier, language)) {
			const text = await read(file);
			if (text === undefined) {
				continue;
			}
			const moduleLanguage = ThreatSourceParser.languageOf(file);
			const tree = moduleLanguage ? await parser.parse(text, moduleLanguage) : undefined;
			if (moduleLanguage && tree) {
				out.set(b.specifier, { file, language: moduleLanguage, tree, index: indexFile(tree.rootNode, moduleLanguage) });
			}
			break;
		}
	}
	return out;
}

/** Deletes the trees of loaded modules. */
export function releaseModules(modules: ImportedModules): void {
	for (const m of modules.values()) {
		m.tree.delete();
	}
}

/** `exports.name = function…` / `module.exports.name = (…) => …` in a CommonJS module. */
function exportedAssignment(module: ImportedModule, name: string): AnchoredFunction | undefined {
	if (module.language === 'python') {
		return undefined;
	}
	for (const a of module.tree.rootNode.descendantsOfType('assignment_expression')) {
		const left = a?.childForFieldName('left')?.text.replace(/\s+/g, '');
		const right = a?.childForFieldName('right');
		if (a && right && (left === `exports.${name}` || left === `module.exports.${name}`) && /^(arrow_function|function_expression|function|generator_function)$/.test(right.type)) {
			const nameNode = a.childForFieldName('left') as Node;
			return { key: name, node: right, nameNode, middleware: [], route: false };
		}
	}
	return undefined;
}

/** The imported function a call names, when its module was loaded and defines it. */
export function importedFunction(callee: string, bindings: readonly ImportBinding[], modules: ImportedModules): ImportedFunction | undefined {
	for (const b of bindings) {
		let name: string | undefined;
		if (b.imported !== undefined && callee === b.local) {
			name = b.imported;
		} else if (b.imported === undefined && callee.startsWith(`${b.local}.`)) {
			name = callee.slice(b.local.length + 1);
		}
		const module = name && !name.includes('.') ? modules.get(b.specifier) : undefined;
		const fn = module && name ? (module.index.functions.get(name) ?? exportedAssignment(module, name)) : undefined;
		if (module && fn) {
			return { module, fn };
		}
	}
	return undefined;
}
