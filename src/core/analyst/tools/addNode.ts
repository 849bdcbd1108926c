// add_node: a new node with an assigned id, optionally linked to existing nodes.
import { z } from 'zod';
import { agentTool } from '../../agent/tools/tool';
import type { AnalysisSession } from '../analysisSession';
import { commitEdit, edgeKindSchema, fieldsSchema, nodeKindSchema, reasonSchema } from './commitEdit';

export function addNodeTool(session: AnalysisSession) {
	return agentTool({
		name: 'add_node',
		description: 'Adds a node to the STPA-Sec analysis (its id is assigned: L-4 after L-3) and optionally links it: each link names an edge kind and the other node; the direction follows the edge rules (a loss "violates" a requirement).',
		readOnly: false,
		schema: z
			.object({
				kind: nodeKindSchema,
				label: z.string().min(1).max(300),
				description: z.string().max(2000).optional(),
				fields: fieldsSchema.optional(),
				links: z.array(z.object({ kind: edgeKindSchema, to: z.string().min(1) }).strict()).max(20).optional(),
				reason: reasonSchema,
			})
			.strict(),
		execute: (input, ctx) => commitEdit(session, ctx, { op: 'addNode', kind: input.kind, label: input.label, description: input.description, fields: input.fields, links: input.links }, input.reason),
	});
}
