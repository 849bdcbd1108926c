import type { StpaGraph } from '../store/schemas/stpaGraph';

export interface ThreatRow {
	readonly id: string;
	readonly label: string;
	readonly stride: string;
	readonly cwe: string;
	readonly status: string;
	readonly anchor: string;
	readonly mitigations: string;
}

export type ThreatColumn = keyof ThreatRow;
export const THREAT_COLUMNS: ReadonlyArray<{ key: ThreatColumn; title: string }> = [
	{ key: 'id', title: 'Id' },
	{ key: 'label', title: 'Threat' },
	{ key: 'stride', title: 'STRIDE' },
	{ key: 'cwe', title: 'CWE' },
	{ key: 'status', title: 'Status' },
	{ key: 'anchor', title: 'Code' },
	{ key: 'mitigations', title: 'Mitigations' },
];

/** One row per threat, with the mitigations that address it. */
export function threatRows(graph: StpaGraph): ThreatRow[] {
	const mitigations = new Map<string, string[]>();
	for (const e of graph.edges) {
		if (e.kind === 'mitigates') {
			mitigations.set(e.target, [...(mitigations.get(e.target) ?? []), e.source]);
		}
	}
	const rows: ThreatRow[] = [];
	for (const n of graph.nodes) {
		if (n.kind === 'threat') {
			rows.push({
				id: n.id,
				label: n.label,
				stride: n.stride,
				cwe: n.cwe ?? '',
				status: n.status,
				anchor: `${n.anchor.file}#${n.anchor.function}`,
				mitigations: (mitigations.get(n.id) ?? []).sort(compareIds).join(', '),
			});
		}
	}
	return rows;
}

/** Compares ids so that `T-2` comes before `T-10`. */
export function compareIds(a: string, b: string): number {
	return a.localeCompare(b, 'en', { numeric: true });
}

export function sortThreatRows(rows: readonly ThreatRow[], column: ThreatColumn, descending: boolean): ThreatRow[] {
	const sorted = [...rows].sort((a, b) => compareIds(a[column], b[column]) || compareIds(a.id, b.id));
	return descending ? sorted.reverse() : sorted;
}

/** Rows whose text contains `query` (any column) and whose status is `status` when given. */
export function filterThreatRows(rows: readonly ThreatRow[], query: string, status?: string): ThreatRow[] {
	const q = query.trim().toLowerCase();
	return rows.filter((r) => (!status || r.status === status) && (!q || Object.values(r).some((v) => v.toLowerCase().includes(q))));
}
