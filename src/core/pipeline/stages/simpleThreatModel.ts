// Threat model, simple mode: one pass returning the security context, the entry interfaces,
// function-level threats (CWE, STRIDE, vector, required protection) and project integrity checks.
import { z } from 'zod';
import { generateObject } from '../../llm/generateObject';
import type { Architecture, Prd } from '../../store/schemas';
import { stageStep, type StageContext } from '../stageContext';
import { mergeThreats, type ThreatDraft } from '../threatMerge';
import { renderDesigned } from './apiDesignStep';
import { entryInterfacesSchema } from './entryChains';
import { fromStoredArchitecture } from './architectureStage';
import { renderPrd } from './prdStage';
import { threatListSchema, type EntryInterfaceDraft } from './threatSchemas';

export interface ThreatPass {
	securityContext: string;
	attackerModel: string;
	entries: EntryInterfaceDraft[];
	threats: ThreatDraft[];
}

const system = `You are Rampart's threat modeller. For the design below give: the security context (trust boundaries, assets, where authentication is enforced), the attacker model, the entry interfaces (HTTP routes, CLI, jobs) each with its invocation chain of "file#function" references (entry function first), every function-level threat (CWE, STRIDE category, attack vector, the protection the code must implement) anchored to a file and a function of the design, and project integrity checks (dependency pinning, install/build/start, secure configuration).`;

export async function runSimpleThreatModel(prd: Prd, architecture: Architecture, ctx: StageContext): Promise<ThreatPass> {
	const entries = entryInterfacesSchema(architecture);
	const threats = threatListSchema(architecture);
	const schema = z
		.object({ securityContext: z.string().min(1), attackerModel: z.string().min(1), entryInterfaces: entries.shape.entryInterfaces, threats: threats.shape.threats, integrityChecks: z.array(z.string()) })
		.superRefine((value, c) => {
			for (const part of [entries.safeParse({ entryInterfaces: value.entryInterfaces }), threats.safeParse({ threats: value.threats })]) {
				for (const issue of part.error?.issues ?? []) {
					c.addIssue({ code: 'custom', path: issue.path, message: issue.message });
				}
			}
		});
	ctx.onProgress?.({ stage: 'threatModel', step: 'simple threat model' });
	const prompt = `PRD:\n${renderPrd(prd)}\n\nDesign:\n${renderDesigned(fromStoredArchitecture(architecture).files)}`;
	const result = await stageStep('threatModel', 'threat model', () => generateObject(ctx.model, { schema, name: 'threat_model', system, prompt, signal: ctx.signal, maxTokens: 8192 }));
	ctx.usage.add(result.usage);
	const o = result.object;
	const integrity = o.integrityChecks.length ? `\n\nProject integrity:\n${o.integrityChecks.map((c) => `- ${c}`).join('\n')}` : '';
	return { securityContext: `${o.securityContext}${integrity}`, attackerModel: o.attackerModel, entries: o.entryInterfaces, threats: mergeThreats([o.threats]) };
}
