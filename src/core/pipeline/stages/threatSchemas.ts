// Structured threats as the model returns them, validated against the architecture: every threat
// is anchored to a file of the design and a function that file declares (or "(module)" for
// file-level threats such as a manifest's dependencies). A wrong anchor goes back to the model.
import { z } from 'zod';
import { SCHEMA_VERSION, strideCategory, type Architecture, type ThreatModel } from '../../store/schemas';
import type { ThreatDraft } from '../threatMerge';

export const MODULE_ANCHOR = '(module)';

/** file → function names a threat or chain may anchor to. */
export function anchorIndex(architecture: Architecture): Map<string, Set<string>> {
	return new Map(architecture.files.map((f) => [f.path, new Set([MODULE_ANCHOR, ...f.api.map((a) => a.name), ...f.api.map((a) => a.name.split('.').pop()!)])]));
}

/** Why `file#fn` is not an anchor of the architecture, or undefined when it is. */
export function anchorProblem(anchors: Map<string, Set<string>>, file: string, fn: string): string | undefined {
	const names = anchors.get(file);
	if (!names) {
		return `file ${file} is not in the architecture`;
	}
	if (!names.has(fn)) {
		return `${file} declares no function ${fn} (it declares: ${[...names].join(', ')})`;
	}
	return undefined;
}

export const threatDraftSchema = z.object({
	file: z.string().min(1),
	function: z.string().min(1),
	title: z.string().min(1),
	cwe: z.string().regex(/^CWE-[0-9]+$/, 'must look like CWE-89'),
	stride: strideCategory,
	vector: z.string().min(1).describe('how the attacker reaches the weakness'),
	requiredProtection: z.string().min(1).describe('the protection the code must implement'),
	severity: z.enum(['low', 'medium', 'high', 'critical']),
});

export function threatListSchema(architecture: Architecture) {
	const anchors = anchorIndex(architecture);
	return z.object({ threats: z.array(threatDraftSchema) }).superRefine((value, ctx) => {
		value.threats.forEach((t, i) => {
			const problem = anchorProblem(anchors, t.file, t.function);
			if (problem) {
				ctx.addIssue({ code: 'custom', path: ['threats', i], message: problem });
			}
		});
	});
}

export interface EntryInterfaceDraft {
	name: string;
	exposure: 'public' | 'authenticated' | 'internal';
	/** `file#function` references, entry first. */
	chain: string[];
}

export function toStoredThreatModel(securityContext: string, attackerModel: string, entries: readonly EntryInterfaceDraft[], threats: readonly ThreatDraft[]): ThreatModel {
	return {
		schemaVersion: SCHEMA_VERSION,
		securityContext,
		attackerModel,
		entryInterfaces: entries.map((e) => {
			const [file, fn] = splitRef(e.chain[0]!);
			return { name: e.name, anchor: { file, function: fn }, exposure: e.exposure };
		}),
		threats: threats.map((t, i) => ({
			id: `T-${i + 1}`,
			title: t.title,
			anchor: { file: t.file, function: t.function },
			cwe: t.cwe,
			stride: t.stride,
			vector: t.vector,
			requiredProtection: t.requiredProtection,
			severity: t.severity,
			status: 'open',
			evidence: [],
		})),
	};
}

export function splitRef(ref: string): [string, string] {
	const at = ref.lastIndexOf('#');
	return at < 0 ? [ref, MODULE_ANCHOR] : [ref.slice(0, at), ref.slice(at + 1)];
}

/** The threats of one file, as the code stage's prompt shows them. */
export function renderThreats(threats: ThreatModel['threats']): string {
	return threats.map((t) => `- ${t.id} ${t.anchor.file}#${t.anchor.function} ${t.cwe ?? ''} ${t.title} (${t.severity}): ${t.vector}. Required protection: ${t.requiredProtection}`).join('\n');
}
