// One pass over a draft architecture that every cross-file check reads: resolved dependencies,
// parsed symbols per file, and who exports which name.
import { resolveAll, type ResolvedDependencies } from '../dependencyResolution';
import type { DraftArchitecture, DraftFile } from '../draftArchitecture';
import { parseSignature, type ParsedSymbol } from '../signatureParser';

export type CheckName =
	| 'missing-dependency'
	| 'dependency-without-exports'
	| 'undeclared-cross-file-type'
	| 'naming-near-miss'
	| 'dependency-cycle'
	| 'orphan-file'
	| 'duplicate-symbol'
	| 'parameter-count-mismatch';

export interface ArchitectureIssue {
	check: CheckName;
	/** The file to patch. */
	file: string;
	message: string;
}

export interface DesignIndex {
	files: DraftFile[];
	byPath: Map<string, DraftFile>;
	deps: Map<string, string[]>;
	dependencyErrors: ResolvedDependencies['errors'];
	symbols: Map<string, ParsedSymbol[]>;
	/** Top-level name (methods "A.b" count as "A") → files declaring it, with exported flag. */
	declaredBy: Map<string, Array<{ file: string; exported: boolean }>>;
}

export function buildIndex(design: DraftArchitecture): DesignIndex {
	const { resolved, errors } = resolveAll(design.files);
	const byPath = new Map(design.files.map((f) => [f.path, f]));
	const symbols = new Map<string, ParsedSymbol[]>();
	const declaredBy = new Map<string, Array<{ file: string; exported: boolean }>>();
	for (const file of design.files) {
		const parsed = file.api.map(parseSignature);
		symbols.set(file.path, parsed);
		for (const s of parsed) {
			const top = s.name.split('.')[0]!;
			const list = declaredBy.get(top) ?? [];
			if (!list.some((d) => d.file === file.path)) {
				list.push({ file: file.path, exported: s.exported });
				declaredBy.set(top, list);
			}
		}
	}
	return { files: design.files, byPath, deps: resolved, dependencyErrors: errors, symbols, declaredBy };
}

export function exportsOf(index: DesignIndex, path: string): ParsedSymbol[] {
	return (index.symbols.get(path) ?? []).filter((s) => s.exported);
}

/** Type names a file's signatures use that the file does not declare itself. */
export function foreignTypeRefs(index: DesignIndex, path: string): string[] {
	const own = new Set((index.symbols.get(path) ?? []).map((s) => s.name.split('.')[0]!));
	const refs = new Set<string>();
	for (const s of index.symbols.get(path) ?? []) {
		for (const t of s.typeRefs) {
			if (!own.has(t)) {
				refs.add(t);
			}
		}
	}
	return [...refs].sort();
}
