import { z } from 'zod';
import { ToolError } from '../confinement';
import { agentTool } from './tool';

export const maxSearchResults = 200;
const maxPatternLength = 500;
/** A quantified group whose body holds a quantifier: the classic catastrophic-backtracking shape. */
const nestedQuantifier = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

export const searchCodeTool = agentTool({
	name: 'search_code',
	description: 'Searches the text files of the workspace (every file on disk, not only files the agent wrote) line by line. query is literal text unless regex is true. Returns "path:line: text" lines, capped.',
	readOnly: true,
	schema: z
		.object({
			query: z.string().min(1).max(maxPatternLength),
			regex: z.boolean().optional().describe('Treat query as a JavaScript regular expression.'),
			case_sensitive: z.boolean().optional(),
			path: z.string().optional().describe('Folder to search under; the root when omitted.'),
			max_results: z.number().int().min(1).max(maxSearchResults).optional(),
		})
		.strict(),
	async execute(input, ctx) {
		const { relative } = await ctx.confinement.resolve(input.path ?? '.', 'read');
		if (input.regex && nestedQuantifier.test(input.query)) {
			throw new ToolError('query has a repeated group that itself repeats (like "(a+)+"), which can take exponential time; simplify the regular expression.');
		}
		const flags = input.case_sensitive ? 'u' : 'iu';
		let pattern: RegExp;
		try {
			pattern = new RegExp(input.regex ? input.query : input.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
		} catch (error) {
			throw new ToolError(`query is not a valid regular expression (${(error as Error).message}); fix it or set regex to false.`);
		}
		const stat = await ctx.workspace.stat(relative);
		if (stat?.kind !== 'directory') {
			throw new ToolError(`${relative || '.'} is not a folder of the workspace.`);
		}
		const maxResults = input.max_results ?? 50;
		const exclude = await ctx.confinement.hiddenFilter();
		const result = await ctx.workspace.search({ pattern, under: relative, maxResults, exclude, signal: ctx.signal });
		const timedOut = result.truncated && result.matches.length < maxResults;
		if (result.matches.length === 0) {
			return { content: `No match for ${JSON.stringify(input.query)} in ${result.filesSearched} files${timedOut ? ' (the search stopped at its time limit: narrow the path)' : ''}.` };
		}
		const lines = result.matches.map((m) => `${m.path}:${m.line}: ${m.text.trim().slice(0, 240)}`);
		return { content: `${result.matches.length} matches${timedOut ? ' (the search stopped at its time limit: narrow the path for more)' : result.truncated ? ` (first ${maxResults}; narrow the query or the path for more)` : ''}:\n${lines.join('\n')}` };
	},
});
