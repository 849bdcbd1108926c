// check_analysis: the deterministic completeness checks of the store (no model call).
import { z } from 'zod';
import { agentTool } from '../../agent/tools/tool';
import type { AnalysisSession } from '../analysisSession';

export function checkAnalysisTool(session: AnalysisSession) {
	return agentTool({
		name: 'check_analysis',
		description: 'Runs the deterministic completeness checks on the STPA-Sec analysis (losses without requirement, hazards without constraint, untraced mitigations, threats without CWE, …) and lists the problems.',
		readOnly: true,
		schema: z.object({}).strict(),
		async execute() {
			const problems = (await session.trace()).completeness();
			return { content: problems.length === 0 ? 'The analysis is complete: no problem found.' : [`${problems.length} problem(s):`, ...problems.map((p) => `- [${p.rule}] ${p.nodeId}: ${p.message}`)].join('\n') };
		},
	});
}
