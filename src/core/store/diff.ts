import { canonicalJson } from './canonicalJson';
import { edgeKey, type StpaEdge, type StpaGraph, type StpaNode } from './schemas/stpaGraph';

export interface ValueChange {
	readonly path: string;
	readonly kind: 'added' | 'removed' | 'changed';
	readonly before?: unknown;
	readonly after?: unknown;
}

export interface GraphDiff {
	readonly nodesAdded: StpaNode[];
	readonly nodesRemoved: StpaNode[];
	readonly nodesChanged: { id: string; before: StpaNode; after: StpaNode; fields: string[] }[];
	readonly edgesAdded: StpaEdge[];
	readonly edgesRemoved: StpaEdge[];
	readonly edgesChanged: { key: string; before: StpaEdge; after: StpaEdge }[];
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** Per node and per edge: what was added, removed or changed between two graphs. */
export function diffGraphs(before: StpaGraph | undefined, after: StpaGraph | undefined): GraphDiff {
	const bn = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
	const an = new Map((after?.nodes ?? []).map((n) => [n.id, n]));
	const be = new Map((before?.edges ?? []).map((e) => [edgeKey(e), e]));
	const ae = new Map((after?.edges ?? []).map((e) => [edgeKey(e), e]));
	const nodesChanged: GraphDiff['nodesChanged'] = [];
	for (const [id, a] of an) {
		const b = bn.get(id);
		if (!b || same(a, b)) {
			continue;
		}
		const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
		const fields = [...keys].filter((k) => !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])).sort();
		nodesChanged.push({ id, before: b, after: a, fields });
	}
	const edgesChanged: GraphDiff['edgesChanged'] = [];
	for (const [key, a] of ae) {
		const b = be.get(key);
		if (b && !same(a, b)) {
			edgesChanged.push({ key, before: b, after: a });
		}
	}
	return {
		nodesAdded: [...an.values()].filter((n) => !bn.has(n.id)),
		nodesRemoved: [...bn.values()].filter((n) => !an.has(n.id)),
		nodesChanged,
		edgesAdded: [...ae.entries()].filter(([k]) => !be.has(k)).map(([, e]) => e),
		edgesRemoved: [...be.entries()].filter(([k]) => !ae.has(k)).map(([, e]) => e),
		edgesChanged,
	};
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Generic structural diff of two JSON values, as a list of JSON paths. */
export function diffValues(before: unknown, after: unknown, path = ''): ValueChange[] {
	if (same(before, after)) {
		return [];
	}
	if (before === undefined) {
		return [{ path: path || '(root)', kind: 'added', after }];
	}
	if (after === undefined) {
		return [{ path: path || '(root)', kind: 'removed', before }];
	}
	if (isObject(before) && isObject(after)) {
		const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
		return keys.flatMap((k) => diffValues(before[k], after[k], path ? `${path}.${k}` : k));
	}
	if (Array.isArray(before) && Array.isArray(after)) {
		const out: ValueChange[] = [];
		for (let i = 0; i < Math.max(before.length, after.length); i++) {
			out.push(...diffValues(before[i], after[i], `${path}[${i}]`));
		}
		return out;
	}
	return [{ path: path || '(root)', kind: 'changed', before, after }];
}
