import { z } from 'zod';
import { ToolError } from '../confinement';
import { agentTool, formatBytes } from './tool';

/** Files above this size are refused (ranges included): the model gets a clear message instead. */
export const maxReadBytes = 10 * 1024 * 1024;
/** At most this many lines / characters go back per call; the result says how to continue. */
export const maxLinesPerRead = 2000;
export const maxCharsPerRead = 100_000;

export const readFileTool = agentTool({
	name: 'read_file',
	description: 'Reads a text file of the workspace with numbered lines. Optional 1-based start_line / end_line (inclusive) read a range; long files come back in parts with a note on how to continue.',
	readOnly: true,
	schema: z
		.object({
			path: z.string().min(1).describe('Path relative to the workspace root, e.g. "src/app.ts".'),
			start_line: z.number().int().min(1).optional(),
			end_line: z.number().int().min(1).optional(),
		})
		.strict(),
	async execute(input, ctx) {
		const { relative } = await ctx.confinement.resolve(input.path, 'read');
		// Confinement already checked where a symlink leads; the size limit applies to its target.
		const stat = await ctx.workspace.stat(relative, { follow: true });
		if (!stat) {
			throw new ToolError(`${relative} does not exist. Use list_files or search_code to find the right path.`);
		}
		if (stat.kind === 'directory') {
			throw new ToolError(`${relative} is a folder; use list_files to see what it holds.`);
		}
		if (stat.size > maxReadBytes) {
			throw new ToolError(`${relative} is ${formatBytes(stat.size)}, above the ${formatBytes(maxReadBytes)} read limit; use search_code to find what you need in it.`);
		}
		const text = await ctx.workspace.read(relative);
		if (text.slice(0, 8192).includes('\0')) {
			throw new ToolError(`${relative} is a binary file; read_file only reads text.`);
		}
		const lines = text.split(/\r?\n/);
		if (lines.length > 1 && lines.at(-1) === '') {
			lines.pop();
		}
		const total = lines.length;
		const start = input.start_line ?? 1;
		if (start > Math.max(total, 1)) {
			throw new ToolError(`${relative} has ${total} lines; start_line ${start} is past its end.`);
		}
		if (input.end_line !== undefined && input.end_line < start) {
			throw new ToolError(`end_line (${input.end_line}) is before start_line (${start}).`);
		}
		let end = Math.min(input.end_line ?? total, total, start + maxLinesPerRead - 1);
		const width = String(end).length;
		const out: string[] = [];
		let chars = 0;
		for (let n = start; n <= end; n++) {
			const line = `${String(n).padStart(width)}\t${lines[n - 1]}`;
			if (chars + line.length > maxCharsPerRead && out.length > 0) {
				end = n - 1;
				break;
			}
			out.push(line);
			chars += line.length + 1;
		}
		const header = `${relative} (lines ${start}–${end} of ${total})`;
		const more = end < (input.end_line ?? total) ? `\n[truncated: call read_file with start_line=${end + 1} to continue]` : '';
		return { content: `${header}\n${out.join('\n')}${more}` };
	},
});
