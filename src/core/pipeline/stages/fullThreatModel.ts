// Threat model, full mode: validated entry chains → security context + attacker model → per-chain
// function threats (chains concurrently, bounded) → merge keeping distinct vectors → k candidates
// at rising temperature → an LLM judge per candidate (relevance / impact / exploitability,
// 0.33 / 0.33 / 0.34) → the best kept, every candidate returned for comparison.
import { z } from 'zod';
import { generateObject } from '../../llm/generateObject';
import type { Architecture, Prd } from '../../store/schemas';
import { mapBounded } from '../boundedConcurrency';
import { judgeVerdictSchema, pickBest, type JudgeVerdict } from '../judgeScoring';
import { stageStep, type StageContext } from '../stageContext';
import { mergeThreats, type ThreatDraft } from '../threatMerge';
import { renderDesigned } from './apiDesignStep';
import { fromStoredArchitecture } from './architectureStage';
import { extractEntryChains } from './entryChains';
import { renderPrd } from './prdStage';
import type { ThreatPass } from './simpleThreatModel';
import { threatListSchema, type EntryInterfaceDraft } from './threatSchemas';

export interface ThreatCandidate {
	temperature: number;
	threats: ThreatDraft[];
	verdict?: JudgeVerdict;
	score?: number;
	judgeError?: string;
}

export interface FullThreatPass extends ThreatPass {
	candidates: ThreatCandidate[];
	best: number;
}

/** Temperature of candidate i (0-based): 0.3, 0.45, 0.6, … capped at 1. */
export const candidateTemperature = (i: number): number => Math.min(1, Math.round((0.3 + 0.15 * i) * 100) / 100);

const contextSchema = z.object({ securityContext: z.string().min(1).describe('trust boundaries, key assets, privilege model'), attackerModel: z.string().min(1).describe('attacker profile, capabilities, objectives') });

const chainSystem = `You are Rampart's threat modeller. Analyse one invocation chain of the design: for every function on it, list the threats an attacker coming through this entry interface can realise (CWE, STRIDE category, the concrete attack vector, the protection the code must implement), anchored to that function. Different vectors of the same CWE are separate threats.`;

const judgeSystem = `You are a senior security reviewer judging a threat model of the design. Score it 1–10 on relevance (threats real for this design), impact (the important assets and functions covered) and exploitability (vectors concrete enough to test).`;

function renderCandidate(threats: readonly ThreatDraft[]): string {
	return threats.map((t) => `- ${t.file}#${t.function} ${t.cwe} ${t.title}: ${t.vector} / protection: ${t.requiredProtection}`).join('\n');
}

export async function runFullThreatModel(prd: Prd, architecture: Architecture, candidates: number, ctx: StageContext): Promise<FullThreatPass> {
	const design = renderDesigned(fromStoredArchitecture(architecture).files);
	const entries = await extractEntryChains(prd, architecture, ctx);
	ctx.onProgress?.({ stage: 'threatModel', step: 'security context and attacker model' });
	const context = await stageStep('threatModel', 'security context', () =>
		generateObject(ctx.model, { schema: contextSchema, name: 'security_context', system: 'You are Rampart\'s threat modeller.', prompt: `PRD:\n${renderPrd(prd)}\n\nDesign:\n${design}\n\nEntry interfaces:\n${entries.map((e) => `- ${e.name} (${e.exposure}): ${e.chain.join(' → ')}`).join('\n')}\n\nDescribe the security context and the attacker model.`, signal: ctx.signal }),
	);
	ctx.usage.add(context.usage);
	const listSchema = threatListSchema(architecture);
	const analyseChain = async (entry: EntryInterfaceDraft, temperature: number, k: number): Promise<ThreatDraft[]> => {
		ctx.onProgress?.({ stage: 'threatModel', step: `candidate ${k + 1}: ${entry.name}` });
		const prompt = `Security context:\n${context.object.securityContext}\n\nAttacker model:\n${context.object.attackerModel}\n\nDesign:\n${design}\n\nEntry interface: ${entry.name} (${entry.exposure})\nInvocation chain: ${entry.chain.join(' → ')}`;
		const result = await stageStep('threatModel', `threats of ${entry.name}`, () => generateObject(ctx.model, { schema: listSchema, name: 'chain_threats', system: chainSystem, prompt, temperature, signal: ctx.signal, maxTokens: 4096 }));
		ctx.usage.add(result.usage);
		return result.object.threats;
	};
	const out: ThreatCandidate[] = [];
	for (let k = 0; k < Math.max(1, candidates); k++) {
		const temperature = candidateTemperature(k);
		const perChain = await mapBounded(entries, ctx.concurrency ?? 4, (e) => analyseChain(e, temperature, k));
		out.push({ temperature, threats: mergeThreats(perChain) });
	}
	if (out.length > 1) {
		await mapBounded(out, ctx.concurrency ?? 4, async (candidate, i) => {
			ctx.onProgress?.({ stage: 'threatModel', step: `judging candidate ${i + 1}` });
			try {
				const result = await generateObject(ctx.model, { schema: judgeVerdictSchema, name: 'verdict', system: judgeSystem, prompt: `Design:\n${design}\n\nCandidate threat model:\n${renderCandidate(candidate.threats)}`, signal: ctx.signal, maxTokens: 512 });
				ctx.usage.add(result.usage);
				candidate.verdict = result.object;
			} catch (error) {
				if (ctx.signal?.aborted) {
					throw error;
				}
				candidate.judgeError = (error as Error).message;
			}
		});
	}
	const { best, scores } = pickBest(out.map((c) => c.verdict));
	out.forEach((c, i) => {
		c.score = scores[i];
	});
	return { securityContext: context.object.securityContext, attackerModel: context.object.attackerModel, entries, threats: out[best]!.threats, candidates: out, best };
}
