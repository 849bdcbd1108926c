// Stage 1: the PRD. One structured call (user story, users, features, data, security design,
// implementation approach, config files), validated by zod with one repair round, mapped onto the
// store's PRD document. Security design items are kept as "Security: …" non-functional entries,
// which the STPA-Sec seeding turns into stakeholder requirements.
import { z } from 'zod';
import { generateObject } from '../../llm/generateObject';
import { SCHEMA_VERSION, type Prd } from '../../store/schemas';
import { stageStep, type StageContext } from '../stageContext';

export const prdDraftSchema = z.object({
	title: z.string().min(1),
	userStory: z.string().min(1),
	users: z.array(z.object({ role: z.string().min(1), description: z.string() })).min(1),
	features: z.array(z.object({ id: z.string().regex(/^F[0-9]+$/, 'feature ids look like F1'), title: z.string().min(1), description: z.string(), acceptance: z.array(z.string()) })).min(1),
	dataHandled: z.array(z.object({ name: z.string().min(1), sensitivity: z.enum(['public', 'internal', 'personal', 'secret']) })),
	securityDesign: z.array(z.string().min(1)).min(1),
	implementationApproach: z.string().min(1),
	configFiles: z.array(z.string().min(1)),
	outOfScope: z.array(z.string()),
});
export type PrdDraft = z.infer<typeof prdDraftSchema>;

const SECURITY = 'Security: ';
const IMPLEMENTATION = 'Implementation: ';
const CONFIG = 'Config files: ';

export function toStoredPrd(draft: PrdDraft): Prd {
	return {
		schemaVersion: SCHEMA_VERSION,
		title: draft.title,
		summary: draft.userStory,
		users: draft.users,
		features: draft.features,
		dataHandled: draft.dataHandled,
		nonFunctional: [...draft.securityDesign.map((s) => `${SECURITY}${s}`), `${IMPLEMENTATION}${draft.implementationApproach}`, `${CONFIG}${draft.configFiles.join(', ')}`],
		outOfScope: draft.outOfScope,
	};
}

/** The security design items of a stored PRD. */
export function securityDesignOf(prd: Prd): string[] {
	return prd.nonFunctional.filter((n) => n.startsWith(SECURITY)).map((n) => n.slice(SECURITY.length));
}

/** The PRD as the later stages' prompts show it. */
export function renderPrd(prd: Prd): string {
	const lines = [`# ${prd.title}`, '', `User story: ${prd.summary}`, '', 'Users:', ...prd.users.map((u) => `- ${u.role}: ${u.description}`), '', 'Features:'];
	for (const f of prd.features) {
		lines.push(`- ${f.id} ${f.title}: ${f.description}${f.acceptance.length ? ` (acceptance: ${f.acceptance.join('; ')})` : ''}`);
	}
	lines.push('', 'Data handled:', ...prd.dataHandled.map((d) => `- ${d.name} (${d.sensitivity})`), '', 'Non-functional and security design:', ...prd.nonFunctional.map((n) => `- ${n}`));
	return lines.join('\n');
}

const system = `You are Rampart's product analyst. Turn the user's request into a product requirements document for a small, secure project.
List every user role, the features with acceptance criteria, the data the system handles with its sensitivity, a concrete security design (authentication, authorisation, input validation, secrets, transport, logging), the implementation approach (language, framework, libraries) and every configuration / manifest file the project needs.`;

export async function runPrdStage(prompt: string, ctx: StageContext): Promise<Prd> {
	ctx.onProgress?.({ stage: 'prd', step: 'writing the PRD' });
	const result = await stageStep('prd', 'PRD', () => generateObject(ctx.model, { schema: prdDraftSchema, name: 'prd', system, prompt: `Project request:\n${prompt}`, signal: ctx.signal, maxTokens: 4096 }));
	ctx.usage.add(result.usage);
	return toStoredPrd(result.object);
}
