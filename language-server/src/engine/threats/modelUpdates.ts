import { type AnalysisStore, type ArtifactChanges, type Author, StoreConflictError, type StpaGraph, type StpaNode, type ThreatModel, type VersionRecord } from '../../../../src/core/store';
import type { ThreatEvaluation } from './types';

/** The author of versions the analysis itself writes. */
export const analysisAuthor: Author = { kind: 'agent', name: 'rampart analysis' };

type CodeElementNode = Extract<StpaNode, { kind: 'codeElement' }>;

function nextId(graph: StpaGraph, prefix: string): string {
	const max = graph.nodes.reduce((m, n) => {
		const match = new RegExp(`^${prefix}-(\\d+)$`).exec(n.id);
		return match ? Math.max(m, Number(match[1])) : m;
	}, 0);
	return `${prefix}-${max + 1}`;
}

/**
 * The graph with every proposed mitigation of a threat whose protection was found in code marked
 * implemented, anchored to the function and linked (`locatedIn`) to its code element node.
 * Undefined when nothing changes. Justified threats are left alone: nothing in code was found.
 */
export function withImplementedMitigations(stpa: StpaGraph, evaluations: readonly ThreatEvaluation[]): { graph: StpaGraph; marked: string[] } | undefined {
	const nodes = [...stpa.nodes];
	const edges = [...stpa.edges];
	const marked: string[] = [];
	for (const e of evaluations) {
		if (e.verdict !== 'mitigated' || e.evidence?.location === 'justification') {
			continue;
		}
		for (const mid of e.threat.mitigations) {
			const i = nodes.findIndex((n) => n.id === mid);
			const m = nodes[i];
			if (!m || m.kind !== 'mitigation' || m.status !== 'proposed') {
				continue;
			}
			const line = e.functionRange.start.line + 1;
			nodes[i] = { ...m, status: 'implemented', anchor: { file: e.threat.file, function: e.threat.function, line } };
			let ce = nodes.find((n): n is CodeElementNode => n.kind === 'codeElement' && n.file === e.threat.file && n.function === e.threat.function);
			if (!ce) {
				ce = { id: nextId({ ...stpa, nodes }, 'CE'), kind: 'codeElement', label: `${e.threat.file}#${e.threat.function}`, file: e.threat.file, function: e.threat.function, line };
				nodes.push(ce);
			}
			if (!edges.some((x) => x.kind === 'locatedIn' && x.source === mid && x.target === ce.id)) {
				edges.push({ kind: 'locatedIn', source: mid, target: ce.id });
			}
			marked.push(mid);
		}
	}
	return marked.length > 0 ? { graph: { ...stpa, nodes, edges }, marked } : undefined;
}

/** The documents with a threat set to mitigated and the user's justification recorded. */
export function withThreatMarkedMitigated(threatModel: ThreatModel | undefined, stpa: StpaGraph | undefined, threatId: string, justification: string): ArtifactChanges | undefined {
	const changes: ArtifactChanges = {};
	const entry = `justification: ${justification.replace(/\s+/g, ' ').trim()}`;
	if (threatModel?.threats.some((t) => t.id === threatId)) {
		changes.threatModel = { ...threatModel, threats: threatModel.threats.map((t) => (t.id === threatId ? { ...t, status: 'mitigated' as const, evidence: [...t.evidence, entry] } : t)) };
	}
	const node = stpa?.nodes.find((n) => n.id === threatId && n.kind === 'threat');
	if (stpa && node) {
		const inModel = changes.threatModel !== undefined;
		changes.stpa = {
			...stpa,
			nodes: stpa.nodes.map((n) => (n.id === threatId && n.kind === 'threat' ? { ...n, status: 'mitigated' as const, ...(inModel ? {} : { description: [n.description, entry].filter(Boolean).join('\n') }) } : n)),
		};
	}
	return Object.keys(changes).length > 0 ? changes : undefined;
}

/**
 * Writes as a new version based on `head`. Documents edited by hand since the last version are
 * recorded first (as the user's edit), so the analysis never overwrites them; a moved head is a
 * conflict the caller retries after re-reading.
 */
export async function writeModel(store: AnalysisStore, changes: ArtifactChanges, head: string | null, author: Author, message: string): Promise<VersionRecord> {
	try {
		return await store.write(changes, { author, message, expectedHead: head });
	} catch (e) {
		if (!(e instanceof StoreConflictError) || e.reason !== 'modifiedOnDisk') {
			throw e;
		}
		const recorded = await store.recordWorkingChanges({ author: { kind: 'user', name: 'working files' }, message: 'Edits made to the model files outside Rampart', expectedHead: head });
		return store.write(changes, { author, message, expectedHead: recorded?.id ?? head });
	}
}
