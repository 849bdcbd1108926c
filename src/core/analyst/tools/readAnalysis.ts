// read_analysis: nodes of the STPA-Sec analysis by id, kind or text, each with its edges.
import { z } from 'zod';
import { agentTool } from '../../agent/tools/tool';
import { NODE_KINDS, type NodeKind, type StpaEdge, type StpaNode } from '../../store/schemas/stpaGraph';
import type { AnalysisSession } from '../analysisSession';

const maxNodes = 60;

export function describeNode(node: StpaNode, edges: readonly StpaEdge[]): string {
	const { id, kind, label, description, ...fields } = node;
	const extra = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
	const out = edges.filter((e) => e.source === id).map((e) => `-${e.kind}-> ${e.target}`);
	const inn = edges.filter((e) => e.target === id).map((e) => `<-${e.kind}- ${e.source}`);
	return [`${id} [${kind}] ${label}`, description ? `  ${description}` : '', extra.length ? `  ${extra.join(' · ')}` : '', out.length || inn.length ? `  edges: ${[...out, ...inn].join(', ')}` : ''].filter(Boolean).join('\n');
}

export function readAnalysisTool(session: AnalysisSession) {
	return agentTool({
		name: 'read_analysis',
		description: 'Reads the STPA-Sec analysis: nodes selected by ids, by kind, or by a text match on label/description, each with its fields and edges. With no arguments: a count per kind and the requirement and loss nodes.',
		readOnly: true,
		schema: z
			.object({
				ids: z.array(z.string()).max(100).optional(),
				kind: z.enum(NODE_KINDS as [NodeKind, ...NodeKind[]]).optional(),
				text: z.string().max(200).optional(),
			})
			.strict(),
		async execute(input) {
			const graph = await session.graph();
			const text = input.text?.toLowerCase();
			const picked = graph.nodes.filter((n) => {
				if (input.ids) {
					return input.ids.includes(n.id);
				}
				if (input.kind && n.kind !== input.kind) {
					return false;
				}
				if (text && !`${n.label} ${n.description ?? ''}`.toLowerCase().includes(text)) {
					return false;
				}
				return input.kind !== undefined || text !== undefined || n.kind === 'stakeholderRequirement' || n.kind === 'loss';
			});
			const missing = (input.ids ?? []).filter((id) => !graph.nodes.some((n) => n.id === id));
			const counts = new Map<string, number>();
			graph.nodes.forEach((n) => counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1));
			const header = `${graph.title ?? 'Analysis'}: ${graph.nodes.length} nodes, ${graph.edges.length} edges (${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')})`;
			const body = picked.slice(0, maxNodes).map((n) => describeNode(n, graph.edges));
			return {
				content: [header, ...body, picked.length > maxNodes ? `… ${picked.length - maxNodes} more; narrow the query.` : '', missing.length ? `No such node: ${missing.join(', ')}` : ''].filter(Boolean).join('\n\n'),
			};
		},
	});
}
