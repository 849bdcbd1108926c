// Check 6: a source file nothing depends on and that depends on nothing, and is not an entry point,
// a test, or a manifest/config/doc. Entry names are compared whole ("mapper" is not "app").
import { isNonCodeFile, isSourceFile, stem } from '../draftArchitecture';
import type { ArchitectureIssue, DesignIndex } from './designIndex';

const entryStems = new Set(['index', 'main', 'app', 'server', 'cli', '__main__', '__init__', 'manage', 'wsgi', 'asgi']);

export function isEntryOrTest(path: string): boolean {
	const s = stem(path).toLowerCase();
	return entryStems.has(s) || /(^|[./_-])(test|spec)s?$/.test(s) || /(^|\/)(tests?|__tests__|spec)\//.test(path) || /\.(config|setup)$/.test(s);
}

export function checkOrphanFile(index: DesignIndex): ArchitectureIssue[] {
	const used = new Set<string>();
	for (const deps of index.deps.values()) {
		deps.forEach((d) => used.add(d));
	}
	return index.files
		.filter((f) => isSourceFile(f.path) && !isNonCodeFile(f.path) && !isEntryOrTest(f.path))
		.filter((f) => !used.has(f.path) && (index.deps.get(f.path) ?? []).length === 0)
		.map((f) => ({ check: 'orphan-file', file: f.path, message: `${f.path} is an orphan: no file depends on it and it depends on nothing. Wire it in (a file that uses it lists it as a dependency) or remove it.` }));
}
