import { AnalysisStore, StoreError, TraceGraph, type StpaGraph, type ThreatModel } from '../../../../src/core/store';
import type { ThreatSeverity, ThreatSpec } from './types';

/** The threat-related documents of a workspace's `.rampart/` store, as loaded. */
export interface LoadedThreatModel {
	readonly threatModel?: ThreatModel;
	readonly stpa?: StpaGraph;
	readonly graph?: TraceGraph;
	readonly threats: readonly ThreatSpec[];
	/** Files of the store that could not be read or validated (shown on the model file). */
	readonly problems: readonly StoreError[];
	/** The store head the documents were read at (the base of any write). */
	readonly head: string | null;
}

export const threatModelFile = AnalysisStore.fileOf('threatModel');
export const stpaFile = AnalysisStore.fileOf('stpa');
const justificationPrefix = /^justification:\s*/i;

function justificationOf(entries: readonly string[]): string | undefined {
	const last = [...entries].reverse().find((e) => justificationPrefix.test(e));
	return last?.replace(justificationPrefix, '');
}

const maxTracePaths = 5;

/** Flattens the threat model and the STPA-Sec graph into one list of threats (the threat model wins). */
export function threatsOf(threatModel: ThreatModel | undefined, stpa: StpaGraph | undefined, graph: TraceGraph | undefined = stpa ? new TraceGraph(stpa) : undefined): ThreatSpec[] {
	const mitigationsOf = new Map<string, string[]>();
	for (const e of stpa?.edges ?? []) {
		if (e.kind === 'mitigates') {
			mitigationsOf.set(e.target, [...(mitigationsOf.get(e.target) ?? []), e.source]);
		}
	}
	const trace = (id: string): string[][] => {
		if (!graph?.nodes.has(id)) {
			return [];
		}
		return graph.traceToRequirements(id, maxTracePaths).paths.map((p) => p.nodes);
	};
	const out = new Map<string, ThreatSpec>();
	for (const t of threatModel?.threats ?? []) {
		out.set(t.id, {
			id: t.id,
			title: t.title,
			file: t.anchor.file,
			function: t.anchor.function,
			...(t.cwe ? { cwe: t.cwe } : {}),
			requiredProtection: t.requiredProtection,
			severity: t.severity,
			modelStatus: t.status,
			...(justificationOf(t.evidence) ? { justification: justificationOf(t.evidence) } : {}),
			trace: trace(t.id),
			mitigations: mitigationsOf.get(t.id) ?? [],
		});
	}
	for (const n of stpa?.nodes ?? []) {
		if (n.kind !== 'threat' || out.has(n.id)) {
			continue;
		}
		const justification = justificationOf((n.description ?? '').split('\n'));
		out.set(n.id, {
			id: n.id,
			title: n.label,
			file: n.anchor.file,
			function: n.anchor.function,
			...(n.cwe ? { cwe: n.cwe } : {}),
			requiredProtection: n.requiredProtection,
			severity: 'medium' as ThreatSeverity,
			modelStatus: n.status,
			...(justification ? { justification } : {}),
			trace: trace(n.id),
			mitigations: mitigationsOf.get(n.id) ?? [],
		});
	}
	return [...out.values()];
}

/** Reads the threat model and the STPA-Sec graph of a workspace; a broken file becomes a problem, not an exception. */
export async function loadThreatModel(store: AnalysisStore): Promise<LoadedThreatModel> {
	const head = await store.head();
	const problems: StoreError[] = [];
	const read = async <K extends 'threatModel' | 'stpa'>(kind: K) => {
		try {
			return await store.read(kind);
		} catch (e) {
			if (e instanceof StoreError) {
				problems.push(e);
				return undefined;
			}
			throw e;
		}
	};
	const threatModel = await read('threatModel');
	const stpa = await read('stpa');
	const graph = stpa ? new TraceGraph(stpa) : undefined;
	return { threatModel, stpa, graph, threats: threatsOf(threatModel, stpa, graph), problems, head };
}
