import { z } from 'zod';
import { ToolError } from '../confinement';
import { agentTool } from './tool';
import { commitChange } from './writeSupport';

function occurrences(text: string, needle: string): number[] {
	const found: number[] = [];
	for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
		found.push(at);
	}
	return found;
}

function lineAt(text: string, index: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
		line++;
	}
	return line;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export const editFileTool = agentTool({
	name: 'edit_file',
	description: 'Replaces old_text with new_text in a workspace file. old_text must match the file exactly (whitespace included) and exactly once; otherwise nothing changes and the result says why. Returns the security findings of the edited file.',
	readOnly: false,
	schema: z.object({ path: z.string().min(1), old_text: z.string().min(1), new_text: z.string() }).strict(),
	async execute(input, ctx) {
		const { relative } = await ctx.confinement.resolve(input.path, 'write');
		const stat = await ctx.workspace.stat(relative);
		if (stat?.kind !== 'file') {
			throw new ToolError(stat ? `${relative} is not a regular file.` : `${relative} does not exist; use write_file to create it.`);
		}
		let replaced = { line: 0, oldLines: 0, newLines: 0 };
		const result = await commitChange(ctx, 'edit_file', relative, (current) => {
			if (current === undefined) {
				throw new ToolError(`${relative} no longer exists; nothing was changed.`);
			}
			const crlf = current.includes('\r\n') && !input.old_text.includes('\r\n');
			const oldText = crlf ? input.old_text.replace(/\n/g, '\r\n') : input.old_text;
			const newText = crlf ? input.new_text.replace(/\r?\n/g, '\r\n') : input.new_text;
			const hits = occurrences(current, oldText);
			if (hits.length === 0) {
				const loose = squash(oldText) !== '' && squash(current).includes(squash(oldText));
				throw new ToolError(
					`edit_file: old_text was not found in ${relative}, so nothing was changed.${loose ? ' It matches when whitespace is ignored: copy the exact indentation and line breaks from read_file.' : ' Read the file again (read_file) and copy the exact text to replace.'}`,
				);
			}
			if (hits.length > 1) {
				const lines = hits.slice(0, 10).map((h) => lineAt(current, h));
				throw new ToolError(`edit_file: old_text matches ${hits.length} places in ${relative} (lines ${lines.join(', ')}), so nothing was changed. Include more surrounding lines so that it matches exactly once.`);
			}
			const next = current.slice(0, hits[0]) + newText + current.slice(hits[0] + oldText.length);
			if (next.trim() === '' && current.trim() !== '') {
				throw new ToolError(`edit_file refused: the edit would leave ${relative} empty. Use a smaller old_text, or explain why the file should be emptied.`);
			}
			replaced = { line: lineAt(current, hits[0]), oldLines: oldText.split('\n').length, newLines: newText === '' ? 0 : newText.split('\n').length };
			return next;
		});
		return { content: `Edited ${relative}: replaced ${replaced.oldLines} line(s) at line ${replaced.line} with ${replaced.newLines} line(s).\n${result.report}` };
	},
});
