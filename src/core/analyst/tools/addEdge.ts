// add_edge: one relationship, checked against the edge rules.
import { z } from 'zod';
import { agentTool } from '../../agent/tools/tool';
import type { AnalysisSession } from '../analysisSession';
import { commitEdit, edgeKindSchema, reasonSchema } from './commitEdit';

export function addEdgeTool(session: AnalysisSession) {
	return agentTool({
		name: 'add_edge',
		description: 'Adds a relationship. Edges point from the refining element toward the stakeholder: loss -violates-> requirement, hazard -leadsTo-> loss, mitigation -mitigates-> threat, …',
		readOnly: false,
		schema: z.object({ kind: edgeKindSchema, source: z.string().min(1), target: z.string().min(1), reason: reasonSchema }).strict(),
		execute: (input, ctx) => commitEdit(session, ctx, { op: 'addEdge', kind: input.kind, source: input.source, target: input.target }, input.reason),
	});
}
