import { z } from 'zod';

/** Every `.rampart/` document carries the version of the schema it was written with. */
export const SCHEMA_VERSION = 1 as const;
export const schemaVersion = z.literal(SCHEMA_VERSION);

/** A workspace-relative file path with forward slashes; never absolute, never escaping the root. */
export const relativePath = z
	.string()
	.min(1)
	.refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..'), {
		message: 'must be a workspace-relative path without ".."',
	});

/** `src/routes/login.ts#handleLogin`: a function anchored in a file. */
export const codeAnchor = z.object({
	file: relativePath,
	function: z.string().min(1),
	line: z.number().int().positive().optional(),
});
export type CodeAnchor = z.infer<typeof codeAnchor>;

export const cweId = z.string().regex(/^CWE-[0-9]+$/, 'must look like CWE-89');
export const strideCategory = z.enum([
	'spoofing',
	'tampering',
	'repudiation',
	'informationDisclosure',
	'denialOfService',
	'elevationOfPrivilege',
]);
export type StrideCategory = z.infer<typeof strideCategory>;

export const isoTime = z.iso.datetime({ offset: true });
