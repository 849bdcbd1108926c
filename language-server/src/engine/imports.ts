import type { Node } from 'web-tree-sitter';
import type { LanguageId } from './types';

/**
 * Local name → module for a file's imports, so rules can tell `cp.exec` of `child_process`
 * from an unrelated `exec`. `import { exec as run } from 'child_process'` maps `run` → `child_process.exec`.
 */
export function collectImports(root: Node, language: LanguageId): Map<string, string> {
	const map = new Map<string, string>();
	if (language === 'python') {
		for (const node of root.namedChildren) {
			if (node?.type === 'import_statement') {
				for (const name of node.childrenForFieldName('name')) {
					if (name?.type === 'aliased_import') {
						map.set(name.childForFieldName('alias')?.text ?? '', name.childForFieldName('name')?.text ?? '');
					} else if (name) {
						map.set(name.text.split('.')[0], name.text.split('.')[0]);
					}
				}
			} else if (node?.type === 'import_from_statement') {
				const module = node.childForFieldName('module_name')?.text ?? '';
				for (const name of node.childrenForFieldName('name')) {
					if (name?.type === 'aliased_import') {
						map.set(name.childForFieldName('alias')?.text ?? '', `${module}.${name.childForFieldName('name')?.text ?? ''}`);
					} else if (name) {
						map.set(name.text, `${module}.${name.text}`);
					}
				}
			}
		}
		return map;
	}
	const text = root.text;
	// Only the import region matters; a regex over the text is cheaper than a walk of the tree.
	const esm = /import\s+(?:(\w+)\s*,?\s*)?(?:\*\s+as\s+(\w+)|\{([^}]*)\})?\s*from\s*['"]([^'"]+)['"]/g;
	for (let m = esm.exec(text); m; m = esm.exec(text)) {
		const module = m[4].replace(/^node:/, '');
		if (m[1]) {
			map.set(m[1], module);
		}
		if (m[2]) {
			map.set(m[2], module);
		}
		for (const part of (m[3] ?? '').split(',')) {
			const [imported, local] = part.trim().split(/\s+as\s+/);
			if (imported) {
				map.set((local ?? imported).trim(), `${module}.${imported.trim()}`);
			}
		}
	}
	const cjs = /(?:const|let|var)\s+(?:(\w+)|\{([^}]*)\})\s*=\s*require\(\s*['"]([^'"]+)['"]\s*\)(?:\.(\w+))?/g;
	for (let m = cjs.exec(text); m; m = cjs.exec(text)) {
		const module = m[3].replace(/^node:/, '');
		if (m[1]) {
			map.set(m[1], m[4] ? `${module}.${m[4]}` : module);
		}
		for (const part of (m[2] ?? '').split(',')) {
			const [imported, local] = part.trim().split(/\s*:\s*/);
			if (imported) {
				map.set((local ?? imported).trim(), `${module}.${imported.trim()}`);
			}
		}
	}
	return map;
}

/**
 * The fully qualified name of a callee: `cp.exec` with `cp` from `child_process` gives
 * `child_process.exec`; an imported bare name gives its module path; anything else its own text.
 */
export function qualifiedName(callee: string, imports: ReadonlyMap<string, string>): string {
	const dot = callee.indexOf('.');
	const head = dot === -1 ? callee : callee.slice(0, dot);
	const module = imports.get(head);
	if (module === undefined) {
		return callee;
	}
	return dot === -1 ? module : module + callee.slice(dot);
}
