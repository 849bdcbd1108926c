// Arena task: the simple threat model of the stored PRD and design, per contestant. It writes no
// code, so it reports no findings and runs no verification; it is judged on completeness:
//  - every public or authenticated entry interface needs at least one threat anchored in its file;
//  - every threat needs a CWE.
// The outcome is not stored; applying the winner is a separate, explicit step.
import type { ChatModel } from '../llm/types';
import { UsageMeter } from '../pipeline/stageContext';
import { runThreatModelStage } from '../pipeline/stages/threatModelStage';
import type { Architecture, Prd, ThreatModel } from '../store/schemas';
import type { ArenaContestant, ArenaTask, TaskOutcome } from './arenaRunner';

/** Completeness problems of a threat model, each in words. */
export function threatModelGaps(model: ThreatModel): string[] {
	const gaps: string[] = [];
	for (const entry of model.entryInterfaces) {
		if (entry.exposure !== 'internal' && !model.threats.some((t) => t.anchor.file === entry.anchor.file)) {
			gaps.push(`no threat for the ${entry.exposure} entry "${entry.name}" (${entry.anchor.file})`);
		}
	}
	for (const threat of model.threats) {
		if (!threat.cwe) {
			gaps.push(`${threat.id} has no CWE`);
		}
	}
	return gaps;
}

export interface ThreatModelArenaResult {
	label: string;
	threatModel: ThreatModel;
}

export function threatModelTask(prd: Prd, architecture: Architecture, onModel?: (result: ThreatModelArenaResult) => void): ArenaTask {
	return {
		title: `threat model of "${prd.title}"`,
		async run(model: ChatModel, contestant: ArenaContestant, signal: AbortSignal): Promise<TaskOutcome> {
			const usage = new UsageMeter();
			const outcome = await runThreatModelStage(prd, architecture, { mode: 'simple', candidates: 1 }, { model, signal, usage, concurrency: 1 });
			onModel?.({ label: contestant.label, threatModel: outcome.threatModel });
			return {
				findings: { critical: 0, high: 0, medium: 0, low: 0 },
				verification: 'not-run',
				completenessProblems: threatModelGaps(outcome.threatModel).length,
				usage: usage.total,
			};
		},
	};
}
