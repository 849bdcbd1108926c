import { z } from 'zod';
import { schemaVersion } from './common';

export const prdSchema = z.object({
	schemaVersion,
	title: z.string().min(1),
	summary: z.string(),
	users: z.array(z.object({ role: z.string().min(1), description: z.string() })),
	features: z.array(
		z.object({
			id: z.string().regex(/^F[0-9]+$/, 'feature ids look like F1'),
			title: z.string().min(1),
			description: z.string(),
			acceptance: z.array(z.string()),
		}),
	),
	dataHandled: z.array(z.object({ name: z.string().min(1), sensitivity: z.enum(['public', 'internal', 'personal', 'secret']) })),
	nonFunctional: z.array(z.string()),
	outOfScope: z.array(z.string()),
});
export type Prd = z.infer<typeof prdSchema>;
