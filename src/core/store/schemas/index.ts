import type { z } from 'zod';
import { architectureSchema } from './architecture';
import { contractSchema } from './contract';
import { layoutSchema } from './layout';
import { prdSchema } from './prd';
import { runsSchema } from './runRecord';
import { stpaGraphSchema } from './stpaGraph';
import { threatModelSchema } from './threatModel';

export * from './architecture';
export * from './common';
export * from './contract';
export * from './layout';
export * from './prd';
export * from './runRecord';
export * from './stpaGraph';
export * from './threatModel';
export * from './version';

/** Every document the store keeps, with its file under `.rampart/`. */
export const ARTIFACTS = {
	prd: { file: 'prd.json', schema: prdSchema },
	architecture: { file: 'architecture.json', schema: architectureSchema },
	threatModel: { file: 'threat-model.json', schema: threatModelSchema },
	stpa: { file: 'stpa-sec.json', schema: stpaGraphSchema },
	layout: { file: 'layout.json', schema: layoutSchema },
	/** YAML; `legacyFile` is the JSON location older versions wrote, still read when no YAML exists. */
	contract: { file: 'rampart.contract.yaml', schema: contractSchema, legacyFile: 'rampart.contract.json' },
	runs: { file: 'runs.json', schema: runsSchema },
} as const;
export type ArtifactKind = keyof typeof ARTIFACTS;

/** The JSON file an artifact was kept in before it moved, if it moved. */
export function legacyFileOf(kind: ArtifactKind): string | undefined {
	const entry = ARTIFACTS[kind];
	return 'legacyFile' in entry ? entry.legacyFile : undefined;
}
export const ARTIFACT_KINDS = Object.keys(ARTIFACTS) as ArtifactKind[];
export type ArtifactOf<K extends ArtifactKind> = z.infer<(typeof ARTIFACTS)[K]['schema']>;
export type AnyArtifact = ArtifactOf<ArtifactKind>;

/**
 * Upgrades a document written with an older schemaVersion. Each step takes version n to n+1.
 * There is only version 1 today; the table is where a future step goes.
 */
export const MIGRATIONS: Partial<Record<ArtifactKind, Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>>> = {};
