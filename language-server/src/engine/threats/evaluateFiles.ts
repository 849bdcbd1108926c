import { ThreatSourceParser } from './sourceParser';
import { evaluateThreats } from './evaluate';
import { type ImportedModules, loadImportedModules, type ReadWorkspaceFile, releaseModules } from './imports';
import type { FileThreatResult, ThreatSpec } from './types';

/** Groups threats by the file they are anchored in. */
export function threatsByFile(threats: readonly ThreatSpec[]): Map<string, ThreatSpec[]> {
	const byFile = new Map<string, ThreatSpec[]>();
	for (const t of threats) {
		byFile.set(t.file, [...(byFile.get(t.file) ?? []), t]);
	}
	return byFile;
}

/**
 * Evaluates the threats of one file from its text (undefined: the file does not exist).
 * Files Rampart cannot parse report every threat as not analysed. With `read` (workspace-relative
 * paths), functions the anchored code imports from workspace modules are examined too.
 */
export async function evaluateFileText(parser: ThreatSourceParser, file: string, text: string | undefined, threats: readonly ThreatSpec[], read?: ReadWorkspaceFile): Promise<FileThreatResult> {
	const language = ThreatSourceParser.languageOf(file);
	if (text === undefined) {
		return { file, language, evaluations: [], misses: threats.map((threat) => ({ threat, reason: 'file-missing', message: `${threat.id}: ${threat.file} no longer exists (renamed or removed); update the threat's anchor.` })) };
	}
	const tree = language ? await parser.parse(text, language) : undefined;
	if (!language || !tree) {
		return { file, language, evaluations: [], misses: threats.map((threat) => ({ threat, reason: 'not-analysed', message: `${threat.id}: ${threat.file} is not a JavaScript, TypeScript or Python file Rampart can analyse.` })) };
	}
	let modules: ImportedModules | undefined;
	try {
		modules = read ? await loadImportedModules(file, language, tree.rootNode, parser, read) : undefined;
		return evaluateThreats({ file, language, tree, ...(modules ? { modules } : {}) }, threats);
	} finally {
		if (modules) {
			releaseModules(modules);
		}
		tree.delete();
	}
}

/** Evaluates every threat of a model, reading each anchored file once. */
export async function evaluateAllThreats(threats: readonly ThreatSpec[], readText: (file: string) => Promise<string | undefined>, parser = new ThreatSourceParser()): Promise<FileThreatResult[]> {
	const out: FileThreatResult[] = [];
	for (const [file, list] of threatsByFile(threats)) {
		out.push(await evaluateFileText(parser, file, await readText(file), list, readText));
	}
	return out;
}
