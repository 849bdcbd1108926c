import { z } from 'zod';

/**
 * The parts of the Open Threat Model (OTM 0.2.0) document Rampart writes and reads. Unknown keys
 * are kept (`loose`), nullable fields accept null, as the OTM specification allows.
 */
const attributes = z.record(z.string(), z.unknown()).nullish();
const tags = z.array(z.string().nullable()).nullish();

export const otmThreatInstanceSchema = z.looseObject({
	threat: z.string(),
	state: z.string(),
	mitigations: z.array(z.looseObject({ mitigation: z.string().nullable(), state: z.string().nullable() }).nullable()).optional(),
});

export const otmComponentSchema = z.looseObject({
	id: z.string(),
	name: z.string(),
	type: z.string(),
	description: z.string().nullish(),
	parent: z.union([z.looseObject({ trustZone: z.string() }), z.looseObject({ component: z.string() })]),
	threats: z.array(otmThreatInstanceSchema).nullish(),
	tags,
	attributes,
});

export const otmDataflowSchema = z.looseObject({
	id: z.string(),
	name: z.string(),
	description: z.string().nullish(),
	bidirectional: z.boolean().nullish(),
	source: z.string(),
	destination: z.string(),
	threats: z.array(otmThreatInstanceSchema).nullish(),
	tags,
	attributes,
});

export const otmThreatSchema = z.looseObject({
	id: z.string(),
	name: z.string(),
	description: z.string().nullish(),
	categories: z.array(z.string().nullable()).nullish(),
	cwes: z.array(z.string().nullable()).nullish(),
	risk: z.looseObject({
		likelihood: z.number().nullable(),
		likelihoodComment: z.string().nullish(),
		impact: z.number(),
		impactComment: z.string().optional(),
	}),
	tags,
	attributes,
});

export const otmMitigationSchema = z.looseObject({
	id: z.string(),
	name: z.string(),
	description: z.string().nullish(),
	riskReduction: z.number(),
	attributes,
});

export const otmDocumentSchema = z.looseObject({
	otmVersion: z.string(),
	project: z.looseObject({
		name: z.string(),
		id: z.string(),
		description: z.string().nullish(),
		tags,
		attributes,
	}),
	trustZones: z.array(z.looseObject({ id: z.string(), name: z.string(), risk: z.looseObject({ trustRating: z.number() }), attributes })).optional(),
	components: z.array(otmComponentSchema).nullish(),
	dataflows: z.array(otmDataflowSchema).optional(),
	threats: z.array(otmThreatSchema).nullish(),
	mitigations: z.array(otmMitigationSchema).nullish(),
});
export type OtmDocument = z.infer<typeof otmDocumentSchema>;
export type OtmComponent = z.infer<typeof otmComponentSchema>;
export type OtmThreatInstance = z.infer<typeof otmThreatInstanceSchema>;

/**
 * What Rampart keeps under `attributes.rampart` of each OTM element so that an OTM file it wrote
 * imports back to the identical graph: the node kind and kind-specific fields, the element's
 * position in the node list, and the edges leaving it that OTM has no place for.
 */
export const rampartElementSchema = z.object({
	kind: z.string(),
	index: z.number().int().nonnegative(),
	fields: z.record(z.string(), z.unknown()),
	edges: z.array(z.object({ kind: z.string(), target: z.string(), index: z.number().int().nonnegative(), label: z.string().optional() })).optional(),
});
export type RampartElement = z.infer<typeof rampartElementSchema>;

export const rampartFlowSchema = z.object({ edge: z.string(), index: z.number().int().nonnegative(), label: z.string().optional() });

export const OTM_VERSION = '0.2.0';
export const OTM_TRUST_ZONE = 'rampart-stpa-sec';
