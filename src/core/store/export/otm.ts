import type { StrideCategory } from '../schemas/common';
import type { StpaEdge, StpaGraph, StpaNode } from '../schemas/stpaGraph';
import { OTM_TRUST_ZONE, OTM_VERSION, type OtmDocument, type OtmThreatInstance, type RampartElement } from './otmSchema';

export const STRIDE_NAMES: Record<StrideCategory, string> = {
	spoofing: 'Spoofing',
	tampering: 'Tampering',
	repudiation: 'Repudiation',
	informationDisclosure: 'Information Disclosure',
	denialOfService: 'Denial of Service',
	elevationOfPrivilege: 'Elevation of Privilege',
};

export const THREAT_STATE = { open: 'EXPOSED', inProgress: 'PARTLY_MITIGATED', mitigated: 'MITIGATED', accepted: 'ACCEPTED', falsePositive: 'NOT_APPLICABLE' } as const;
export const MITIGATION_STATE = { proposed: 'RECOMMENDED', implemented: 'IMPLEMENTED', verified: 'IMPLEMENTED', rejected: 'REJECTED' } as const;
/** Risk reduction (percent) a mitigation claims, from its status. */
const RISK_REDUCTION = { proposed: 0, implemented: 75, verified: 100, rejected: 0 } as const;
const IMPACT = { low: 25, medium: 50, high: 75, critical: 100 } as const;

export interface OtmExportOptions {
	/** Severity of a threat (from the threat model document), for the OTM risk impact. */
	readonly severityOf?: (threatId: string) => keyof typeof IMPACT | undefined;
	readonly projectId?: string;
}

/** The kind-specific fields of a node: everything but id, kind, label and description. */
function fieldsOf(node: StpaNode): Record<string, unknown> {
	const { id: _id, kind: _kind, label: _label, description: _description, ...fields } = node;
	return fields;
}

const isOtmComponent = (n: StpaNode): boolean => n.kind !== 'threat' && n.kind !== 'mitigation';

/**
 * Open Threat Model (OTM 0.2.0) JSON. Threat nodes become OTM threats (STRIDE category, CWE),
 * mitigation nodes OTM mitigations, every other node an OTM component in one trust zone, and every
 * edge between two components a dataflow. Threats are also instantiated on the components they
 * realize or are located in, with the mitigations that mitigate them, so OTM tools see them in place.
 * The STPA-Sec specifics (node kind and fields, node and edge order, edges OTM cannot express) ride
 * under `attributes.rampart`, so `fromOtm(toOtm(g))` gives back exactly `g`.
 */
export function toOtm(graph: StpaGraph, options: OtmExportOptions = {}): OtmDocument {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const elements = new Map<string, RampartElement>();
	graph.nodes.forEach((n, index) => elements.set(n.id, { kind: n.kind, index, fields: fieldsOf(n), edges: [] }));
	const dataflows: NonNullable<OtmDocument['dataflows']> = [];
	const instances = new Map<string, OtmThreatInstance[]>();
	const mitigationsOf = new Map<string, StpaEdge[]>();
	for (const e of graph.edges) {
		if (e.kind === 'mitigates' && byId.get(e.target)?.kind === 'threat') {
			mitigationsOf.set(e.target, [...(mitigationsOf.get(e.target) ?? []), e]);
		}
	}
	graph.edges.forEach((e, index) => {
		const source = byId.get(e.source)!;
		const target = byId.get(e.target)!;
		if (isOtmComponent(source) && isOtmComponent(target)) {
			dataflows.push({
				id: `flow-${index}`,
				name: e.label ?? e.kind,
				source: e.source,
				destination: e.target,
				tags: [e.kind],
				attributes: { rampart: { edge: e.kind, index, ...(e.label === undefined ? {} : { label: e.label }) } },
			});
			return;
		}
		elements.get(e.source)!.edges!.push({ kind: e.kind, target: e.target, index, ...(e.label === undefined ? {} : { label: e.label }) });
		if (source.kind === 'threat' && isOtmComponent(target)) {
			const mitigations = (mitigationsOf.get(source.id) ?? []).map((m) => {
				const node = byId.get(m.source);
				return { mitigation: m.source, state: node?.kind === 'mitigation' ? MITIGATION_STATE[node.status] : 'RECOMMENDED' };
			});
			instances.set(target.id, [...(instances.get(target.id) ?? []), { threat: source.id, state: THREAT_STATE[source.status], mitigations }]);
		}
	});
	const attributesOf = (n: StpaNode): Record<string, unknown> => {
		const element = elements.get(n.id)!;
		return { rampart: element.edges!.length === 0 ? { kind: element.kind, index: element.index, fields: element.fields } : element };
	};
	const describe = (n: StpaNode): { description?: string } => (n.description === undefined ? {} : { description: n.description });
	const doc: OtmDocument = {
		otmVersion: OTM_VERSION,
		project: {
			name: graph.title ?? 'STPA-Sec model',
			id: options.projectId ?? 'rampart-stpa-sec',
			tags: ['rampart', 'stpa-sec'],
			attributes: { rampart: { schemaVersion: graph.schemaVersion, ...(graph.title === undefined ? {} : { title: graph.title }) } },
		},
		trustZones: [{ id: OTM_TRUST_ZONE, name: 'STPA-Sec model', risk: { trustRating: 50 } }],
		components: graph.nodes.filter(isOtmComponent).map((n) => ({
			id: n.id,
			name: n.label,
			type: `rampart-${n.kind}`,
			...describe(n),
			parent: { trustZone: OTM_TRUST_ZONE },
			...(instances.has(n.id) ? { threats: instances.get(n.id)! } : {}),
			tags: [n.kind],
			attributes: attributesOf(n),
		})),
		dataflows,
		threats: graph.nodes.flatMap((n) => {
			if (n.kind !== 'threat') {
				return [];
			}
			const severity = options.severityOf?.(n.id);
			return [
				{
					id: n.id,
					name: n.label,
					...describe(n),
					categories: [STRIDE_NAMES[n.stride]],
					cwes: n.cwe ? [n.cwe] : [],
					risk: severity ? { likelihood: null, impact: IMPACT[severity], impactComment: severity } : { likelihood: null, impact: 50, impactComment: 'not rated' },
					tags: [n.kind],
					attributes: attributesOf(n),
				},
			];
		}),
		mitigations: graph.nodes.flatMap((n) =>
			n.kind === 'mitigation' ? [{ id: n.id, name: n.label, ...describe(n), riskReduction: RISK_REDUCTION[n.status], attributes: attributesOf(n) }] : [],
		),
	};
	return doc;
}

/** OTM as deterministic JSON text. */
export function toOtmJson(graph: StpaGraph, options: OtmExportOptions = {}): string {
	return `${JSON.stringify(toOtm(graph, options), null, 2)}\n`;
}

