import type { LayoutRequest, LayoutResponse } from '../protocol/canvasMessages';

const GAP_X = 32;
const GAP_Y = 70;

/**
 * A quick layered layout: rows from each node's layer (its kind), order inside a row by the
 * barycentre of its neighbours (two sweeps). The canvas paints large views with it at once while
 * elkjs works in the worker, and uses it alone when the worker cannot start.
 */
export function layeredLayout(request: LayoutRequest): LayoutResponse {
	const started = Date.now();
	const rows = new Map<number, string[]>();
	const size = new Map<string, { width: number; height: number }>();
	for (const n of request.nodes) {
		rows.set(n.layer, [...(rows.get(n.layer) ?? []), n.id]);
		size.set(n.id, { width: n.width, height: n.height });
	}
	const neighbours = new Map<string, string[]>();
	for (const e of request.edges) {
		neighbours.set(e.source, [...(neighbours.get(e.source) ?? []), e.target]);
		neighbours.set(e.target, [...(neighbours.get(e.target) ?? []), e.source]);
	}
	const layers = [...rows.keys()].sort((a, b) => a - b);
	const order = new Map<string, number>();
	const place = () => {
		for (const layer of layers) {
			rows.get(layer)!.forEach((id, i) => order.set(id, i));
		}
	};
	place();
	for (let sweep = 0; sweep < 2; sweep++) {
		for (const layer of sweep === 0 ? layers : [...layers].reverse()) {
			const row = rows.get(layer)!;
			const key = new Map<string, number>();
			for (const id of row) {
				const ns = (neighbours.get(id) ?? []).map((n) => order.get(n) ?? 0);
				key.set(id, ns.length ? ns.reduce((a, b) => a + b, 0) / ns.length : (order.get(id) ?? 0));
			}
			row.sort((a, b) => key.get(a)! - key.get(b)!);
			row.forEach((id, i) => order.set(id, i));
		}
	}
	const positions: Record<string, { x: number; y: number }> = {};
	let y = 0;
	const widths = layers.map((l) => rows.get(l)!.reduce((w, id) => w + size.get(id)!.width + GAP_X, -GAP_X));
	const widest = Math.max(0, ...widths);
	layers.forEach((layer, li) => {
		const row = rows.get(layer)!;
		let x = (widest - widths[li]!) / 2;
		let height = 0;
		for (const id of row) {
			const s = size.get(id)!;
			positions[id] = { x, y };
			x += s.width + GAP_X;
			height = Math.max(height, s.height);
		}
		y += height + GAP_Y;
	});
	return { seq: request.seq, positions, edges: [], ms: Date.now() - started, engine: 'quick' };
}
