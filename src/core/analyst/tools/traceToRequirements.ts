// trace_to_requirements: every upward path from a node to the stakeholder requirements it serves.
import { z } from 'zod';
import { ToolError } from '../../agent/confinement';
import { agentTool } from '../../agent/tools/tool';
import type { AnalysisSession } from '../analysisSession';

export function traceToRequirementsTool(session: AnalysisSession) {
	return agentTool({
		name: 'trace_to_requirements',
		description: 'Explains why a node exists: every path from it up to stakeholder requirements (e.g. M-4 → CC-2 → UCA-1 → H-1 → L-1 → SR-2), with the requirements and stakeholders reached. Cite these ids in answers.',
		readOnly: true,
		schema: z.object({ id: z.string().min(1).max(40) }).strict(),
		async execute(input) {
			const trace = await session.trace();
			if (!trace.nodes.has(input.id)) {
				throw new ToolError(`There is no node ${input.id}; use read_analysis to find the right id.`);
			}
			const result = trace.traceToRequirements(input.id, 50);
			const node = trace.nodes.get(input.id)!;
			if (result.paths.length === 0) {
				return { content: `${input.id} [${node.kind}] "${node.label}" traces to no stakeholder requirement: it is an orphan in the analysis.` };
			}
			const label = (id: string) => `${id} "${trace.nodes.get(id)?.label ?? '?'}"`;
			return {
				content: [
					`${label(input.id)} [${node.kind}] traces to ${result.requirements.map(label).join(', ')} (stakeholders: ${result.stakeholders.map(label).join(', ') || 'none'}).`,
					`Paths (${result.paths.length}${result.truncated ? ', more not shown' : ''}):`,
					...result.paths.map((p) => `- ${p.breadcrumb}`),
				].join('\n'),
			};
		},
	});
}
