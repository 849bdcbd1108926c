// lint_check: checks a workspace file, or content proposed for a path, without writing anything:
// tree-sitter syntax errors (every one, with line and column) for JS/TS/Python, JSON and YAML
// validation with positions, and the SAST engine's security findings.
import { parseAllDocuments } from 'yaml';
import type { Node } from 'web-tree-sitter';
import { z } from 'zod';
import { languageOfPath } from '../../../../language-server/src/engine/languages';
import type { SecurityEngine } from '../../../../language-server/src/engine/securityEngine';
import { ToolError } from '../confinement';
import { findingsReport } from './codeCheck';
import { formatBytes, agentTool } from './tool';
import { maxWriteBytes } from './writeSupport';

const maxProblems = 25;
/** The largest file or content checked: the largest a write may be. */
const maxLintBytes = maxWriteBytes;

export interface SyntaxProblem {
	line: number;
	column: number;
	message: string;
}

/** Every ERROR and MISSING node, outermost first, skipping errors nested in a reported one. */
export function treeSitterProblems(engine: SecurityEngine, path: string, text: string): SyntaxProblem[] | undefined {
	const language = languageOfPath(path);
	if (!language) {
		return undefined;
	}
	const tree = engine.parse(text, language);
	if (!tree) {
		return [{ line: 1, column: 1, message: 'the parser gave up on this content' }];
	}
	try {
		const problems: SyntaxProblem[] = [];
		const visit = (node: Node) => {
			if (problems.length >= maxProblems) {
				return;
			}
			if (node.isMissing || node.isError) {
				const snippet = text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 60)).split('\n')[0];
				problems.push({
					line: node.startPosition.row + 1,
					column: node.startPosition.column + 1,
					message: node.isMissing ? `missing "${node.type}"` : `syntax error near ${JSON.stringify(snippet)}`,
				});
				return;
			}
			if (node.hasError) {
				for (const child of node.children) {
					if (child) {
						visit(child);
					}
				}
			}
		};
		visit(tree.rootNode);
		return problems;
	} finally {
		tree.delete();
	}
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
	return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

export function jsonProblems(text: string): SyntaxProblem[] {
	try {
		JSON.parse(text);
		return [];
	} catch (error) {
		const message = (error as Error).message;
		const explicit = /line (\d+) column (\d+)/.exec(message);
		const position = /position (\d+)/.exec(message);
		const at = explicit ? { line: Number(explicit[1]), column: Number(explicit[2]) } : position ? lineColumnAt(text, Number(position[1])) : { line: 1, column: 1 };
		return [{ ...at, message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '')}` }];
	}
}

export function yamlProblems(text: string): SyntaxProblem[] {
	const problems: SyntaxProblem[] = [];
	for (const doc of parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true })) {
		for (const error of [...doc.errors, ...doc.warnings]) {
			const pos = error.linePos?.[0];
			problems.push({ line: pos?.line ?? 1, column: pos?.col ?? 1, message: `${doc.errors.includes(error) ? 'invalid YAML' : 'YAML warning'}: ${error.message.split('\n')[0]}` });
		}
	}
	return problems.slice(0, maxProblems);
}

export const lintCheckTool = agentTool({
	name: 'lint_check',
	description:
		'Checks a workspace file, or content you propose for a path (nothing is written), for syntax errors with line numbers (tree-sitter for JS/TS/Python, JSON and YAML validation) and for security findings of the SAST engine. Use it before write_file on tricky content.',
	readOnly: true,
	schema: z
		.object({
			path: z.string().min(1).describe('Workspace-relative path; decides the language. The file need not exist when content is given.'),
			content: z.string().optional().describe('Proposed content to check instead of the file on disk.'),
		})
		.strict(),
	async execute(input, ctx) {
		const { relative } = await ctx.confinement.resolve(input.path, 'read');
		let text = input.content;
		if (text === undefined) {
			const stat = await ctx.workspace.stat(relative, { follow: true });
			if (!stat) {
				throw new ToolError(`${relative} does not exist. Give content to check proposed text for it, or fix the path.`);
			}
			if (stat.kind === 'directory') {
				throw new ToolError(`${relative} is a folder; lint_check checks one file.`);
			}
			if (stat.size > maxLintBytes) {
				throw new ToolError(`${relative} is ${formatBytes(stat.size)}, above the ${formatBytes(maxLintBytes)} lint limit.`);
			}
			text = await ctx.workspace.read(relative);
			if (text.slice(0, 8192).includes('\0')) {
				throw new ToolError(`${relative} is a binary file; lint_check checks text.`);
			}
		} else if (Buffer.byteLength(text, 'utf8') > maxLintBytes) {
			throw new ToolError(`The content is above the ${formatBytes(maxLintBytes)} lint limit.`);
		}
		const engine = await ctx.engine();
		const lower = relative.toLowerCase();
		const kind = lower.endsWith('.json') ? 'JSON' : /\.ya?ml$/.test(lower) ? 'YAML' : languageOfPath(relative) ? 'syntax' : undefined;
		const problems = lower.endsWith('.json') ? jsonProblems(text) : kind === 'YAML' ? yamlProblems(text) : (treeSitterProblems(engine, relative, text) ?? []);
		const what = input.content === undefined ? relative : `the proposed content for ${relative}`;
		const lines = [`lint_check of ${what}:`];
		if (kind === undefined) {
			lines.push('Syntax: not checked (only JS/TS/Python, JSON and YAML are).');
		} else if (problems.length === 0) {
			lines.push(`Syntax: ${kind === 'syntax' ? 'parses without errors' : `valid ${kind}`}.`);
		} else {
			lines.push(`Syntax: ${problems.length}${problems.length >= maxProblems ? '+' : ''} problem(s):`);
			lines.push(...problems.map((p) => `- line ${p.line}, column ${p.column}: ${p.message}`));
		}
		lines.push(findingsReport(engine, relative, text));
		return { content: lines.join('\n') };
	},
});
