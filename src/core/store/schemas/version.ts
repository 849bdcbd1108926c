import { z } from 'zod';
import { isoTime, schemaVersion } from './common';

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha-256 hex digest');

/** One immutable version: which content each document had, who made it and why. */
export const versionRecordSchema = z.object({
	schemaVersion,
	id: sha256Hex,
	parent: sha256Hex.nullable(),
	time: isoTime,
	author: z.object({ kind: z.enum(['user', 'agent']), name: z.string().min(1) }),
	message: z.string(),
	/** artifact kind → content hash of its canonical JSON (absent: the document does not exist). */
	documents: z.record(z.string(), sha256Hex),
	changed: z.array(z.string()),
});
export type VersionRecord = z.infer<typeof versionRecordSchema>;

export const headSchema = z.object({ schemaVersion, head: sha256Hex.nullable() });
