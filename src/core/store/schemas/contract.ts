import { z } from 'zod';
import { schemaVersion } from './common';

/**
 * The `rampart.contract.yaml` model. No YAML parser is a dependency yet, so the store keeps it as
 * `.rampart/rampart.contract.json`; the shape is the same.
 */
export const contractSchema = z.object({
	schemaVersion,
	name: z.string().min(1),
	forbiddenApis: z.array(z.object({ pattern: z.string().min(1), reason: z.string() })),
	forbiddenPackages: z.array(z.object({ name: z.string().min(1), reason: z.string() })),
	requiredProtections: z.array(z.object({ id: z.string().min(1), description: z.string(), cwe: z.string().optional() })),
	gates: z.array(
		z.object({
			id: z.string().min(1),
			kind: z.enum(['sast', 'tests', 'build', 'dependencyAudit', 'custom']),
			blocking: z.boolean(),
			command: z.string().optional(),
		}),
	),
	network: z.enum(['none', 'allowlist']),
	networkAllowlist: z.array(z.string()).optional(),
});
export type Contract = z.infer<typeof contractSchema>;
