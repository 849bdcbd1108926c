import { z } from 'zod';
import { ToolError } from '../confinement';
import { agentTool, formatBytes } from './tool';

export const maxListEntries = 500;

export const listFilesTool = agentTool({
	name: 'list_files',
	description: 'Lists files and folders of the workspace (folders end with "/"). path defaults to the root; recursive lists everything below it (dependency and build folders are not descended).',
	readOnly: true,
	schema: z
		.object({
			path: z.string().optional().describe('Folder relative to the workspace root; "." or omitted for the root.'),
			recursive: z.boolean().optional(),
		})
		.strict(),
	async execute(input, ctx) {
		const { relative } = await ctx.confinement.resolve(input.path ?? '.', 'read');
		const stat = await ctx.workspace.stat(relative);
		if (!stat) {
			throw new ToolError(`${relative || '.'} does not exist.`);
		}
		if (stat.kind !== 'directory') {
			throw new ToolError(`${relative} is not a folder; use read_file to read it.`);
		}
		const exclude = await ctx.confinement.hiddenFilter();
		const { entries, truncated } = await ctx.workspace.list(relative, { recursive: input.recursive ?? false, limit: maxListEntries, exclude });
		const lines = entries.map((e) => (e.kind === 'directory' ? `${e.path}/` : e.kind === 'symlink' ? `${e.path} (symbolic link)` : `${e.path} (${formatBytes(e.size)})`));
		const head = `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in ${relative || '.'}`;
		return { content: `${head}\n${lines.join('\n')}${truncated ? `\n[truncated at ${maxListEntries} entries: list a subfolder]` : ''}` };
	},
});
