// delete_node: one node and every edge touching it.
import { z } from 'zod';
import { agentTool } from '../../agent/tools/tool';
import type { AnalysisSession } from '../analysisSession';
import { commitEdit, reasonSchema } from './commitEdit';

export function deleteNodeTool(session: AnalysisSession) {
	return agentTool({
		name: 'delete_node',
		description: 'Deletes a node and every edge touching it.',
		readOnly: false,
		schema: z.object({ id: z.string().min(1), reason: reasonSchema }).strict(),
		execute: (input, ctx) => commitEdit(session, ctx, { op: 'deleteNode', id: input.id }, input.reason),
	});
}
