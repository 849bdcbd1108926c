import { z } from 'zod';
import { ToolError } from '../confinement';
import { agentTool } from './tool';
import { checkSize, commitChange } from './writeSupport';

export const writeFileTool = agentTool({
	name: 'write_file',
	description: 'Creates or replaces a workspace file with the complete content given (never a fragment). JS/TS/Python must parse and .json must be valid JSON, else nothing is written. Returns the security findings of the written file.',
	readOnly: false,
	schema: z.object({ path: z.string().min(1), content: z.string() }).strict(),
	async execute(input, ctx) {
		const { relative } = await ctx.confinement.resolve(input.path, 'write');
		checkSize(relative, input.content);
		const stat = await ctx.workspace.stat(relative);
		if (stat && stat.kind !== 'file') {
			throw new ToolError(`${relative} is a ${stat.kind === 'directory' ? 'folder' : stat.kind}; write_file only writes regular files.`);
		}
		const result = await commitChange(ctx, 'write_file', relative, (current) => {
			if (input.content.trim() === '' && current !== undefined && current.trim() !== '') {
				throw new ToolError(`write_file refused: the content is empty and would erase ${relative}. Send the complete file content.`);
			}
			return input.content;
		});
		const lines = result.content === '' ? 0 : result.content.split('\n').length - (result.content.endsWith('\n') ? 1 : 0);
		return { content: `${result.created ? 'Created' : 'Updated'} ${relative} (${lines} lines).\n${result.report}` };
	},
});
