import type { StpaGraph, StpaNode } from '../store/schemas/stpaGraph';

export const UCA_TYPES = ['notProvided', 'provided', 'wrongTiming', 'wrongDuration'] as const;
export type UcaType = (typeof UCA_TYPES)[number];
export const UCA_TYPE_TITLES: Record<UcaType, string> = {
	notProvided: 'Not provided',
	provided: 'Provided causes hazard',
	wrongTiming: 'Too early / too late / out of order',
	wrongDuration: 'Stopped too soon / applied too long',
};

type Uca = Extract<StpaNode, { kind: 'unsecureControlAction' }>;

export interface UcaRow {
	/** The control action, or undefined for UCAs not yet tied to one. */
	readonly controlAction?: StpaNode;
	readonly cells: Record<UcaType, Uca[]>;
}

/** Control action × the four UCA types; each cell lists the UCAs that are instances of that action. */
export function ucaTable(graph: StpaGraph): UcaRow[] {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const actionOf = new Map<string, string>();
	for (const e of graph.edges) {
		if (e.kind === 'instanceOf') {
			actionOf.set(e.source, e.target);
		}
	}
	const rows = new Map<string | undefined, UcaRow>();
	const rowFor = (ca: string | undefined): UcaRow => {
		let row = rows.get(ca);
		if (!row) {
			row = { controlAction: ca ? byId.get(ca) : undefined, cells: { notProvided: [], provided: [], wrongTiming: [], wrongDuration: [] } };
			rows.set(ca, row);
		}
		return row;
	};
	for (const n of graph.nodes) {
		if (n.kind === 'controlAction') {
			rowFor(n.id);
		}
	}
	for (const n of graph.nodes) {
		if (n.kind === 'unsecureControlAction') {
			rowFor(actionOf.get(n.id)).cells[n.ucaType].push(n);
		}
	}
	return [...rows.values()];
}
