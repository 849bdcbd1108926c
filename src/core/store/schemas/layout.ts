import { z } from 'zod';
import { schemaVersion } from './common';

/** Canvas positions only; nothing here changes the meaning of the model. */
export const layoutSchema = z.object({
	schemaVersion,
	nodes: z.record(
		z.string().min(1),
		z.object({
			x: z.number().finite(),
			y: z.number().finite(),
			width: z.number().positive().optional(),
			height: z.number().positive().optional(),
		}),
	),
	collapsed: z.array(z.string()).optional(),
});
export type Layout = z.infer<typeof layoutSchema>;
