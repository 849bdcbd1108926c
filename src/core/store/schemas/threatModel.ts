import { z } from 'zod';
import { codeAnchor, cweId, schemaVersion, strideCategory } from './common';

export const threatStatus = z.enum(['open', 'inProgress', 'mitigated', 'accepted', 'falsePositive']);

export const threatSchema = z.object({
	id: z.string().regex(/^T-[0-9]+$/, 'threat ids look like T-1'),
	title: z.string().min(1),
	anchor: codeAnchor,
	cwe: cweId.optional(),
	stride: strideCategory,
	vector: z.string().min(1),
	requiredProtection: z.string().min(1),
	severity: z.enum(['low', 'medium', 'high', 'critical']),
	status: threatStatus,
	evidence: z.array(z.string()),
});
export type Threat = z.infer<typeof threatSchema>;

export const threatModelSchema = z
	.object({
		schemaVersion,
		securityContext: z.string(),
		attackerModel: z.string(),
		entryInterfaces: z.array(z.object({ name: z.string().min(1), anchor: codeAnchor, exposure: z.enum(['public', 'authenticated', 'internal']) })),
		threats: z.array(threatSchema),
	})
	.superRefine((model, ctx) => {
		const seen = new Set<string>();
		model.threats.forEach((t, i) => {
			if (seen.has(t.id)) {
				ctx.addIssue({ code: 'custom', path: ['threats', i, 'id'], message: `duplicate threat id ${t.id}` });
			}
			seen.add(t.id);
		});
	});
export type ThreatModel = z.infer<typeof threatModelSchema>;
