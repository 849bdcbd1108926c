// update_node: label, description or kind-specific fields of one node.
import { z } from 'zod';
import { agentTool } from '../../agent/tools/tool';
import type { AnalysisSession } from '../analysisSession';
import { commitEdit, fieldsSchema, reasonSchema } from './commitEdit';

export function updateNodeTool(session: AnalysisSession) {
	return agentTool({
		name: 'update_node',
		description: 'Changes the label, description or kind-specific fields of a node (its id and kind cannot change).',
		readOnly: false,
		schema: z.object({ id: z.string().min(1), label: z.string().min(1).max(300).optional(), description: z.string().max(2000).optional(), fields: fieldsSchema.optional(), reason: reasonSchema }).strict(),
		execute: (input, ctx) => commitEdit(session, ctx, { op: 'updateNode', id: input.id, label: input.label, description: input.description, fields: input.fields }, input.reason),
	});
}
