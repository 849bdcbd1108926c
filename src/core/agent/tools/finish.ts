import { z } from 'zod';
import { agentTool } from './tool';

export const finishTool = agentTool({
	name: 'finish',
	description: 'Ends the task. Call it once the work is complete, with a short summary of what was done. Calls after it in the same turn are not run.',
	readOnly: false,
	schema: z.object({ summary: z.string().min(1) }).strict(),
	async execute(input) {
		return { content: 'Task finished.', finish: { summary: input.summary } };
	},
});
