// remove_edge: one relationship.
import { z } from 'zod';
import { agentTool } from '../../agent/tools/tool';
import type { AnalysisSession } from '../analysisSession';
import { commitEdit, edgeKindSchema, reasonSchema } from './commitEdit';

export function removeEdgeTool(session: AnalysisSession) {
	return agentTool({
		name: 'remove_edge',
		description: 'Removes one relationship.',
		readOnly: false,
		schema: z.object({ kind: edgeKindSchema, source: z.string().min(1), target: z.string().min(1), reason: reasonSchema }).strict(),
		execute: (input, ctx) => commitEdit(session, ctx, { op: 'removeEdge', kind: input.kind, source: input.source, target: input.target }, input.reason),
	});
}
