import { z } from 'zod';
import { relativePath, schemaVersion } from './common';

export const apiSignatureSchema = z.object({
	name: z.string().min(1),
	signature: z.string().min(1),
	description: z.string().optional(),
	exported: z.boolean(),
});

export const architectureFileSchema = z.object({
	path: relativePath,
	purpose: z.string(),
	language: z.string().min(1),
	api: z.array(apiSignatureSchema),
	dependsOn: z.array(relativePath),
});

export const architectureSchema = z
	.object({
		schemaVersion,
		files: z.array(architectureFileSchema),
		packages: z.array(z.object({ name: z.string().min(1), version: z.string().min(1), reason: z.string() })),
		validation: z.array(
			z.object({ check: z.string().min(1), passed: z.boolean(), message: z.string() }),
		),
	})
	.superRefine((arch, ctx) => {
		const paths = new Set<string>();
		arch.files.forEach((file, i) => {
			if (paths.has(file.path)) {
				ctx.addIssue({ code: 'custom', path: ['files', i, 'path'], message: `duplicate file ${file.path}` });
			}
			paths.add(file.path);
		});
		arch.files.forEach((file, i) =>
			file.dependsOn.forEach((dep, j) => {
				if (!paths.has(dep)) {
					ctx.addIssue({ code: 'custom', path: ['files', i, 'dependsOn', j], message: `depends on unknown file ${dep}` });
				}
			}),
		);
	});
export type Architecture = z.infer<typeof architectureSchema>;
