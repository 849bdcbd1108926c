// rerun_threat_model: the threat model of one file again, with the model; the other files' threats
// stay as stored. One new version, author: the analyst.
import { z } from 'zod';
import { ToolError } from '../../agent/confinement';
import { agentTool } from '../../agent/tools/tool';
import type { ChatModel } from '../../llm/types';
import { rerunThreatsForFile } from '../../pipeline/fileThreatRerun';
import { analystAuthor, type AnalysisSession } from '../analysisSession';

export function rerunThreatModelTool(session: AnalysisSession, model: ChatModel) {
	return agentTool({
		name: 'rerun_threat_model',
		description: 'Re-runs the threat model for one file of the stored architecture (e.g. after its design changed). Only that file\'s threats are replaced; every other threat stays as stored. Returns the replaced and the new threats.',
		readOnly: false,
		schema: z.object({ file: z.string().min(1).max(500).describe('Workspace-relative path as in the architecture, e.g. "src/auth.ts".'), reason: z.string().min(3).max(300) }).strict(),
		async execute(input, ctx) {
			if (!ctx.approvals.allows('write')) {
				throw new ToolError('Changing the analysis is disabled by the approval policy (for example in an untrusted workspace); nothing was changed.');
			}
			try {
				const result = await rerunThreatsForFile(session.store, input.file, model, { author: analystAuthor, signal: ctx.signal });
				const list = result.added.map((t) => `- ${t.id} ${t.cwe ?? ''} ${t.title} (${t.anchor.function}, ${t.severity ?? 'unrated'})`).join('\n');
				return { content: `Threat model of ${result.file} re-run: replaced ${result.removed.join(', ') || 'no threat'} with ${result.added.length} threat(s). New version ${result.version.id.slice(0, 12)}.\n${list}` };
			} catch (error) {
				if (ctx.signal.aborted) {
					throw error;
				}
				throw new ToolError(error instanceof Error ? error.message : String(error));
			}
		},
	});
}
