// Stage 3: the threat model, simple or full mode (SPEC section 2), stored structured: every threat
// anchored to file#function with CWE, STRIDE, vector, required protection and status.
import type { Architecture, Prd, ThreatModel } from '../../store/schemas';
import type { StageContext } from '../stageContext';
import { runFullThreatModel, type ThreatCandidate } from './fullThreatModel';
import { runSimpleThreatModel } from './simpleThreatModel';
import { toStoredThreatModel } from './threatSchemas';

export type ThreatModelMode = 'simple' | 'full';

export interface ThreatModelOutcome {
	threatModel: ThreatModel;
	/** Full mode: every candidate with its judge verdict; `best` is the one stored. */
	candidates: ThreatCandidate[];
	best: number;
}

export async function runThreatModelStage(prd: Prd, architecture: Architecture, options: { mode: ThreatModelMode; candidates: number }, ctx: StageContext): Promise<ThreatModelOutcome> {
	if (options.mode === 'simple') {
		const pass = await runSimpleThreatModel(prd, architecture, ctx);
		return { threatModel: toStoredThreatModel(pass.securityContext, pass.attackerModel, pass.entries, pass.threats), candidates: [], best: 0 };
	}
	const pass = await runFullThreatModel(prd, architecture, options.candidates, ctx);
	return { threatModel: toStoredThreatModel(pass.securityContext, pass.attackerModel, pass.entries, pass.threats), candidates: pass.candidates, best: pass.best };
}
