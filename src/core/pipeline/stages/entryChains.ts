// Full threat model, step 1: entry interfaces and their invocation chains, validated against the
// architecture (every reference a real file#function, the entry function first, no repeats, no
// empty chain). Violations go back to the model in the repair round.
import { z } from 'zod';
import { generateObject } from '../../llm/generateObject';
import type { Architecture, Prd } from '../../store/schemas';
import { stageStep, type StageContext } from '../stageContext';
import { renderDesigned } from './apiDesignStep';
import { fromStoredArchitecture } from './architectureStage';
import { renderPrd } from './prdStage';
import { anchorIndex, anchorProblem, splitRef, type EntryInterfaceDraft } from './threatSchemas';

export function chainProblems(architecture: Architecture, entry: EntryInterfaceDraft): string[] {
	const anchors = anchorIndex(architecture);
	const problems: string[] = [];
	if (entry.chain.length === 0) {
		return [`${entry.name}: the invocation chain is empty`];
	}
	const seen = new Set<string>();
	for (const ref of entry.chain) {
		if (!ref.includes('#')) {
			problems.push(`${entry.name}: "${ref}" is not a file#function reference`);
			continue;
		}
		const [file, fn] = splitRef(ref);
		const problem = anchorProblem(anchors, file, fn);
		if (problem) {
			problems.push(`${entry.name}: ${problem}`);
		}
		if (seen.has(ref)) {
			problems.push(`${entry.name}: ${ref} appears twice in the chain`);
		}
		seen.add(ref);
	}
	return problems;
}

export function entryInterfacesSchema(architecture: Architecture) {
	return z
		.object({
			entryInterfaces: z.array(z.object({ name: z.string().min(1).describe('e.g. POST /api/login'), exposure: z.enum(['public', 'authenticated', 'internal']), chain: z.array(z.string().min(1)).describe('file#function references, the entry function first') })).min(1),
		})
		.superRefine((value, ctx) => {
			value.entryInterfaces.forEach((e, i) => chainProblems(architecture, e).forEach((message) => ctx.addIssue({ code: 'custom', path: ['entryInterfaces', i, 'chain'], message })));
		});
}

const system = `You are Rampart's threat modeller. List every entry interface of the design (HTTP routes, CLI commands, WebSocket, queue consumers, scheduled jobs) and, for each, the invocation chain of "file#function" references it runs through, the entry function first. Use only files and functions of the design.`;

export async function extractEntryChains(prd: Prd, architecture: Architecture, ctx: StageContext): Promise<EntryInterfaceDraft[]> {
	ctx.onProgress?.({ stage: 'threatModel', step: 'entry interfaces and invocation chains' });
	const prompt = `PRD:\n${renderPrd(prd)}\n\nDesign:\n${renderDesigned(fromStoredArchitecture(architecture).files)}`;
	const result = await stageStep('threatModel', 'entry chains', () => generateObject(ctx.model, { schema: entryInterfacesSchema(architecture), name: 'entry_interfaces', system, prompt, signal: ctx.signal, maxTokens: 4096 }));
	ctx.usage.add(result.usage);
	return result.object.entryInterfaces;
}
