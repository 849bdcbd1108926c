// Validation of content before it is accepted (tree-sitter parse for JS/TS/Python, JSON.parse for
// .json) and the SAST engine's findings on it, formatted for the model.
import type { Node } from 'web-tree-sitter';
import { languageOfPath } from '../../../../language-server/src/engine/languages';
import type { SecurityEngine } from '../../../../language-server/src/engine/securityEngine';

const languageNames: Record<string, string> = { javascript: 'JavaScript', typescript: 'TypeScript', tsx: 'TSX', python: 'Python' };

function firstProblem(node: Node): Node | undefined {
	if (node.isError || node.isMissing) {
		return node;
	}
	if (!node.hasError) {
		return undefined;
	}
	for (const child of node.children) {
		if (child) {
			const found = firstProblem(child);
			if (found) {
				return found;
			}
		}
	}
	return node;
}

/** A description of why `text` is not valid for `path`'s language, or undefined when it is (or is not checked). */
export function syntaxProblem(engine: SecurityEngine, path: string, text: string): string | undefined {
	if (path.toLowerCase().endsWith('.json')) {
		try {
			JSON.parse(text);
			return undefined;
		} catch (error) {
			return `it is not valid JSON (${(error as Error).message})`;
		}
	}
	const language = languageOfPath(path);
	if (!language) {
		return undefined;
	}
	const tree = engine.parse(text, language);
	if (!tree) {
		return `it could not be parsed as ${languageNames[language]}`;
	}
	try {
		const bad = firstProblem(tree.rootNode);
		if (!bad) {
			return undefined;
		}
		const where = `line ${bad.startPosition.row + 1}, column ${bad.startPosition.column + 1}`;
		const lineCount = text.split('\n').length;
		const nearEnd = bad.startPosition.row + 1 >= lineCount - 1 ? ' (near the end of the file: the content may be truncated)' : '';
		if (bad.isMissing) {
			return `it does not parse as ${languageNames[language]}: missing "${bad.type}" at ${where}${nearEnd}`;
		}
		const snippet = text.slice(bad.startIndex, Math.min(bad.endIndex, bad.startIndex + 60)).split('\n')[0];
		return `it does not parse as ${languageNames[language]}: syntax error at ${where} near ${JSON.stringify(snippet)}${nearEnd}`;
	} finally {
		tree.delete();
	}
}

/** The engine's findings for a written file, one line each (empty list → "none"). */
export function findingsReport(engine: SecurityEngine, path: string, text: string): string {
	if (!languageOfPath(path)) {
		return 'Security findings: not analysed (file type not supported by the SAST engine).';
	}
	const result = engine.analyze(path, text);
	if (result.skipped) {
		return `Security findings: not analysed (${result.skipped.message}).`;
	}
	const findings = result.findings.filter((f) => !f.suppression);
	if (findings.length === 0) {
		return 'Security findings: none.';
	}
	const lines = findings.map((f) => `- line ${f.range.start.line + 1}: [${f.severity}] ${f.ruleId} ${f.cwe.map((c) => `CWE-${c}`).join(', ')}: ${f.message}`);
	return `Security findings (${findings.length}) — fix them before finishing:\n${lines.join('\n')}`;
}
