import { parseDocument } from '../analysisStore';
import { StoreInvalidFileError, type SchemaProblem } from '../errors';
import { locateJsonPath } from '../jsonLocate';
import { SCHEMA_VERSION, type StrideCategory } from '../schemas/common';
import { stpaGraphSchema, type StpaEdge, type StpaGraph, type StpaNode } from '../schemas/stpaGraph';
import { STRIDE_NAMES } from './otm';
import { otmDocumentSchema, OTM_TRUST_ZONE, rampartElementSchema, rampartFlowSchema, type OtmDocument } from './otmSchema';

export interface OtmImport {
	readonly graph: StpaGraph;
	/** What the OTM file held that the STPA-Sec graph cannot: reported, never silently dropped. */
	readonly warnings: string[];
}

type Located = { node: StpaNode; index: number };
type IndexedEdge = { edge: StpaEdge; index: number };

const STATE_TO_STATUS: Record<string, 'open' | 'inProgress' | 'mitigated' | 'accepted' | 'falsePositive'> = {
	EXPOSED: 'open',
	OPEN: 'open',
	PARTLY_MITIGATED: 'inProgress',
	MITIGATED: 'mitigated',
	ACCEPTED: 'accepted',
	NOT_APPLICABLE: 'falsePositive',
};

function strideOf(categories: readonly (string | null)[]): StrideCategory | undefined {
	const norm = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');
	for (const c of categories) {
		const hit = (Object.entries(STRIDE_NAMES) as [StrideCategory, string][]).find(([k, v]) => c !== null && (norm(c) === norm(k) || norm(c) === norm(v)));
		if (hit) {
			return hit[0];
		}
	}
	return undefined;
}

/**
 * Reads OTM JSON into an STPA-Sec graph. Elements Rampart wrote (`attributes.rampart`) come back
 * exactly; elements from other tools map as far as the method allows: components → controlled
 * processes, dataflows → control actions, threats (which need a STRIDE category and
 * `attributes.file`/`attributes.function`) → threats, mitigations → mitigations, a mitigation on a
 * threat instance → a `mitigates` edge. Anything else is listed in `warnings`.
 */
export function fromOtm(text: string, source = 'imported OTM'): OtmImport {
	const doc: OtmDocument = parseDocument(source, text, otmDocumentSchema);
	const problems: SchemaProblem[] = [];
	const problem = (path: (string | number)[], message: string): void => {
		const at = locateJsonPath(text, path);
		problems.push({ path: path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, ''), message, line: at?.line, column: at?.column });
	};
	const warnings: string[] = [];
	const nodes: Located[] = [];
	const edges: IndexedEdge[] = [];
	const foreignNodes: StpaNode[] = [];
	const foreignEdges: StpaEdge[] = [];
	const idMap = new Map<string, string>();
	const counters = new Map<string, number>();
	const newId = (prefix: string, original: string): string => {
		if (new RegExp(`^${prefix}-[0-9]+$`).test(original) && ![...idMap.values()].includes(original)) {
			idMap.set(original, original);
			return original;
		}
		let n = (counters.get(prefix) ?? 1000) + 1;
		const taken = (id: string): boolean => [...idMap.values()].includes(id) || nodes.some((x) => x.node.id === id);
		while (taken(`${prefix}-${n}`)) {
			n++;
		}
		counters.set(prefix, n);
		idMap.set(original, `${prefix}-${n}`);
		warnings.push(`OTM element ${original} imported as ${prefix}-${n}`);
		return `${prefix}-${n}`;
	};

	const own = (attributes: Record<string, unknown> | null | undefined, path: (string | number)[]) => {
		if (!attributes || attributes.rampart === undefined) {
			return undefined;
		}
		const parsed = rampartElementSchema.safeParse(attributes.rampart);
		if (!parsed.success) {
			problem([...path, 'attributes', 'rampart'], parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
			return undefined;
		}
		return parsed.data;
	};
	const take = (id: string, name: string, description: string | null | undefined, element: ReturnType<typeof own>): void => {
		if (!element) {
			return;
		}
		const node = { ...element.fields, id, kind: element.kind, label: name, ...(description == null ? {} : { description }) } as StpaNode;
		nodes.push({ node, index: element.index });
		for (const e of element.edges ?? []) {
			edges.push({ edge: { kind: e.kind, source: id, target: e.target, ...(e.label === undefined ? {} : { label: e.label }) } as StpaEdge, index: e.index });
		}
	};

	(doc.components ?? []).forEach((c, i) => {
		const element = own(c.attributes, ['components', i]);
		if (element) {
			take(c.id, c.name, c.description, element);
			return;
		}
		if (c.attributes?.rampart === undefined) {
			foreignNodes.push({ id: newId('P', c.id), kind: 'controlledProcess', label: c.name, ...(c.description ? { description: c.description } : {}) });
		}
		if ((c.threats ?? []).length > 0) {
			warnings.push(`component ${c.id}: its threat instances are kept only as mitigates edges (STPA-Sec links a threat to a loss scenario or vulnerability, not to a component)`);
		}
	});
	(doc.threats ?? []).forEach((t, i) => {
		const element = own(t.attributes, ['threats', i]);
		if (element) {
			take(t.id, t.name, t.description, element);
			return;
		}
		if (t.attributes?.rampart !== undefined) {
			return;
		}
		const stride = strideOf(t.categories ?? []);
		const attrs = t.attributes ?? {};
		const file = typeof attrs.file === 'string' ? attrs.file : undefined;
		const fn = typeof attrs.function === 'string' ? attrs.function : undefined;
		if (!stride) {
			problem(['threats', i, 'categories'], `threat ${t.id} has no STRIDE category (${(t.categories ?? []).join(', ') || 'none'})`);
		}
		if (!file || !fn) {
			problem(['threats', i], `threat ${t.id} has no code anchor: set attributes.file and attributes.function`);
		}
		if (!stride || !file || !fn) {
			return;
		}
		const states = (doc.components ?? []).flatMap((c) => (c.threats ?? []).filter((x) => x.threat === t.id).map((x) => x.state.toUpperCase()));
		const cwe = (t.cwes ?? []).find((c): c is string => c !== null && /^CWE-[0-9]+$/.test(c));
		foreignNodes.push({
			id: newId('T', t.id),
			kind: 'threat',
			label: t.name,
			...(t.description ? { description: t.description } : {}),
			stride,
			...(cwe ? { cwe } : {}),
			anchor: { file, function: fn },
			vector: typeof attrs.vector === 'string' && attrs.vector ? attrs.vector : (t.description ?? t.name),
			requiredProtection: typeof attrs.requiredProtection === 'string' && attrs.requiredProtection ? attrs.requiredProtection : t.name,
			status: STATE_TO_STATUS[states[0] ?? 'EXPOSED'] ?? 'open',
		});
	});
	(doc.mitigations ?? []).forEach((m, i) => {
		const element = own(m.attributes, ['mitigations', i]);
		if (element) {
			take(m.id, m.name, m.description, element);
			return;
		}
		if (m.attributes?.rampart !== undefined) {
			return;
		}
		const states = (doc.components ?? []).flatMap((c) => (c.threats ?? []).flatMap((x) => (x.mitigations ?? []).filter((y) => y?.mitigation === m.id).map((y) => y?.state ?? '')));
		const status = states.includes('IMPLEMENTED') ? 'implemented' : states.includes('REJECTED') ? 'rejected' : 'proposed';
		foreignNodes.push({ id: newId('M', m.id), kind: 'mitigation', label: m.name, ...(m.description ? { description: m.description } : {}), status });
	});
	(doc.dataflows ?? []).forEach((f, i) => {
		const flow = f.attributes?.rampart === undefined ? undefined : rampartFlowSchema.safeParse(f.attributes.rampart);
		if (flow && !flow.success) {
			problem(['dataflows', i, 'attributes', 'rampart'], flow.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '));
		} else if (flow?.success) {
			edges.push({ edge: { kind: flow.data.edge, source: f.source, target: f.destination, ...(flow.data.label === undefined ? {} : { label: flow.data.label }) } as StpaEdge, index: flow.data.index });
		} else if (idMap.has(f.source) && idMap.has(f.destination)) {
			foreignNodes.push({ id: newId('CA', f.id), kind: 'controlAction', label: f.name, from: idMap.get(f.source)!, to: idMap.get(f.destination)! });
		} else {
			warnings.push(`dataflow ${f.id} (${f.source} → ${f.destination}) not imported: its ends are not both plain OTM components`);
		}
	});
	for (const c of doc.components ?? []) {
		for (const inst of c.threats ?? []) {
			for (const m of inst.mitigations ?? []) {
				const mid = m?.mitigation ? idMap.get(m.mitigation) : undefined;
				const tid = idMap.get(inst.threat);
				if (mid && tid && !foreignEdges.some((e) => e.source === mid && e.target === tid)) {
					foreignEdges.push({ kind: 'mitigates', source: mid, target: tid });
				}
			}
		}
	}
	for (const z of doc.trustZones ?? []) {
		if (z.id !== OTM_TRUST_ZONE) {
			warnings.push(`trust zone ${z.id} (${z.name}) not imported: the STPA-Sec graph has no trust zones`);
		}
	}
	if (problems.length > 0) {
		throw new StoreInvalidFileError(source, problems);
	}
	const meta = doc.project.attributes?.rampart as { title?: unknown } | undefined;
	const title = meta ? (typeof meta.title === 'string' ? meta.title : undefined) : doc.project.name;
	const raw = {
		schemaVersion: SCHEMA_VERSION,
		...(title === undefined ? {} : { title }),
		nodes: [...nodes.sort((a, b) => a.index - b.index).map((n) => n.node), ...foreignNodes],
		edges: [...edges.sort((a, b) => a.index - b.index).map((e) => e.edge), ...foreignEdges],
	};
	const result = stpaGraphSchema.safeParse(raw);
	if (!result.success) {
		throw new StoreInvalidFileError(
			`${source} (as an STPA-Sec graph)`,
			result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
		);
	}
	return { graph: result.data, warnings };
}
