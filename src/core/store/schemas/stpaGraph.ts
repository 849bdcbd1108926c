import { z } from 'zod';
import { codeAnchor, cweId, relativePath, schemaVersion, strideCategory } from './common';
import { threatStatus } from './threatModel';

/** Node kinds of the STPA-Sec graph and the prefixes of their stable human ids. */
export const NODE_ID_PREFIXES = {
	stakeholder: ['SH'],
	stakeholderRequirement: ['SR'],
	loss: ['L'],
	vulnerability: ['H', 'V'],
	securityConstraint: ['SC'],
	controller: ['C'],
	controlledProcess: ['P'],
	controlAction: ['CA'],
	feedback: ['FB'],
	responsibility: ['R'],
	unsecureControlAction: ['UCA'],
	controllerConstraint: ['CC'],
	lossScenario: ['LS'],
	threat: ['T'],
	mitigation: ['M'],
	finding: ['F'],
	codeElement: ['CE'],
} as const;
export type NodeKind = keyof typeof NODE_ID_PREFIXES;
export const NODE_KINDS = Object.keys(NODE_ID_PREFIXES) as NodeKind[];

const base = {
	id: z.string().min(1),
	label: z.string().min(1),
	description: z.string().optional(),
};

const node = <K extends NodeKind, S extends z.ZodRawShape>(kind: K, extra: S) =>
	z.object({ ...base, kind: z.literal(kind), ...extra });

export const stpaNodeSchema = z.discriminatedUnion('kind', [
	node('stakeholder', {}),
	node('stakeholderRequirement', { cia: z.array(z.enum(['C', 'I', 'A'])).optional() }),
	node('loss', {}),
	node('vulnerability', {}),
	node('securityConstraint', {}),
	node('controller', {}),
	node('controlledProcess', {}),
	node('controlAction', { from: z.string().min(1), to: z.string().min(1) }),
	node('feedback', { from: z.string().min(1), to: z.string().min(1) }),
	node('responsibility', {}),
	node('unsecureControlAction', {
		ucaType: z.enum(['notProvided', 'provided', 'wrongTiming', 'wrongDuration']),
		context: z.string().min(1),
	}),
	node('controllerConstraint', {}),
	node('lossScenario', { scenarioKind: z.enum(['a', 'b']), causalFactor: z.string().min(1) }),
	node('threat', {
		stride: strideCategory,
		cwe: cweId.optional(),
		anchor: codeAnchor,
		vector: z.string().min(1),
		requiredProtection: z.string().min(1),
		status: threatStatus,
	}),
	node('mitigation', { status: z.enum(['proposed', 'implemented', 'verified', 'rejected']), anchor: codeAnchor.optional() }),
	node('finding', { ruleId: z.string().min(1), cwe: cweId.optional(), uri: relativePath, startLine: z.number().int().positive() }),
	node('codeElement', { file: relativePath, function: z.string().optional(), line: z.number().int().positive().optional() }),
]);
export type StpaNode = z.infer<typeof stpaNodeSchema>;

/** Edge kinds point from the refining element toward the stakeholder. */
export const EDGE_RULES = {
	concerns: [['stakeholderRequirement', 'stakeholder']],
	violates: [['loss', 'stakeholderRequirement']],
	leadsTo: [['vulnerability', 'loss']],
	prevents: [['securityConstraint', 'vulnerability']],
	refines: [
		['vulnerability', 'vulnerability'],
		['securityConstraint', 'securityConstraint'],
		['controllerConstraint', 'securityConstraint'],
	],
	assignedTo: [['responsibility', 'controller']],
	implementsResponsibility: [['responsibility', 'securityConstraint']],
	instanceOf: [['unsecureControlAction', 'controlAction']],
	causes: [['unsecureControlAction', 'vulnerability']],
	inverts: [['controllerConstraint', 'unsecureControlAction']],
	explains: [
		['lossScenario', 'unsecureControlAction'],
		['lossScenario', 'controlAction'],
	],
	realizes: [
		['threat', 'lossScenario'],
		['threat', 'vulnerability'],
	],
	evidences: [['finding', 'threat']],
	mitigates: [
		['mitigation', 'threat'],
		['mitigation', 'lossScenario'],
	],
	implements: [
		['mitigation', 'controllerConstraint'],
		['mitigation', 'securityConstraint'],
	],
	locatedIn: [
		['threat', 'codeElement'],
		['finding', 'codeElement'],
		['mitigation', 'codeElement'],
	],
} as const satisfies Record<string, ReadonlyArray<readonly [NodeKind, NodeKind]>>;
export type EdgeKind = keyof typeof EDGE_RULES;
export const EDGE_KINDS = Object.keys(EDGE_RULES) as [EdgeKind, ...EdgeKind[]];

/** Structural edges the trace query does not follow. */
export const STRUCTURAL_EDGES: ReadonlySet<EdgeKind> = new Set<EdgeKind>(['instanceOf', 'assignedTo', 'locatedIn']);

export const stpaEdgeSchema = z.object({
	kind: z.enum(EDGE_KINDS),
	source: z.string().min(1),
	target: z.string().min(1),
	label: z.string().optional(),
});
export type StpaEdge = z.infer<typeof stpaEdgeSchema>;

export const edgeKey = (e: Pick<StpaEdge, 'kind' | 'source' | 'target'>): string => `${e.source} -${e.kind}-> ${e.target}`;

export function isAllowedEdge(kind: EdgeKind, from: NodeKind, to: NodeKind): boolean {
	return (EDGE_RULES[kind] as ReadonlyArray<readonly [NodeKind, NodeKind]>).some(([a, b]) => a === from && b === to);
}

const ID_SUFFIX = '-[0-9]+(\\.[0-9]+)*$';

export const stpaGraphSchema = z
	.object({
		schemaVersion,
		title: z.string().optional(),
		nodes: z.array(stpaNodeSchema),
		edges: z.array(stpaEdgeSchema),
	})
	.superRefine((graph, ctx) => {
		const kinds = new Map<string, NodeKind>();
		graph.nodes.forEach((n, i) => {
			const prefixes: readonly string[] = NODE_ID_PREFIXES[n.kind];
			if (!prefixes.some((p) => new RegExp(`^${p}${ID_SUFFIX}`).test(n.id))) {
				ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `${n.kind} id "${n.id}" must look like ${prefixes[0]}-1` });
			}
			if (kinds.has(n.id)) {
				ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `duplicate node id ${n.id}` });
			}
			kinds.set(n.id, n.kind);
		});
		graph.nodes.forEach((n, i) => {
			if (n.kind !== 'controlAction' && n.kind !== 'feedback') {
				return;
			}
			const from = kinds.get(n.from);
			const to = kinds.get(n.to);
			const ends: readonly NodeKind[] = ['controller', 'controlledProcess'];
			if (!from || !ends.includes(from)) {
				ctx.addIssue({ code: 'custom', path: ['nodes', i, 'from'], message: `${n.id}.from "${n.from}" is not a controller or controlled process` });
			}
			if (!to || !ends.includes(to)) {
				ctx.addIssue({ code: 'custom', path: ['nodes', i, 'to'], message: `${n.id}.to "${n.to}" is not a controller or controlled process` });
			}
		});
		const seen = new Set<string>();
		graph.edges.forEach((e, i) => {
			const from = kinds.get(e.source);
			const to = kinds.get(e.target);
			if (!from) {
				ctx.addIssue({ code: 'custom', path: ['edges', i, 'source'], message: `unknown node ${e.source}` });
			}
			if (!to) {
				ctx.addIssue({ code: 'custom', path: ['edges', i, 'target'], message: `unknown node ${e.target}` });
			}
			if (from && to && !isAllowedEdge(e.kind, from, to)) {
				ctx.addIssue({ code: 'custom', path: ['edges', i, 'kind'], message: `a ${e.kind} edge cannot go from ${from} ${e.source} to ${to} ${e.target}` });
			}
			const key = edgeKey(e);
			if (seen.has(key)) {
				ctx.addIssue({ code: 'custom', path: ['edges', i], message: `duplicate edge ${key}` });
			}
			seen.add(key);
		});
	});
export type StpaGraph = z.infer<typeof stpaGraphSchema>;
