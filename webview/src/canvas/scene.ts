import type { NodeKind, StpaNode } from '../../../src/core/store/schemas/stpaGraph';
import type { ViewEdge } from '../../../src/core/canvas/viewGraph';

export const NODE_W = 184;
export const NODE_H = 52;

export interface PlacedNode {
	readonly id: string;
	readonly kind: NodeKind;
	readonly node: StpaNode;
	x: number;
	y: number;
	readonly w: number;
	readonly h: number;
	/** Label cut to fit the box, measured once. */
	fitted?: string;
}

export interface PlacedEdge {
	readonly key: string;
	readonly source: string;
	readonly target: string;
	readonly kind: ViewEdge['kind'];
	points: number[];
}

export interface Viewport {
	x: number;
	y: number;
	zoom: number;
}

/** The laid-out nodes and edges of the current view, in world coordinates. */
export class Scene {
	readonly byId = new Map<string, PlacedNode>();
	minX = 0;
	minY = 0;
	maxX = 0;
	maxY = 0;

	constructor(
		readonly nodes: PlacedNode[],
		readonly edges: PlacedEdge[],
	) {
		for (const n of nodes) {
			this.byId.set(n.id, n);
		}
		this.measure();
	}

	measure(): void {
		this.minX = Math.min(...this.nodes.map((n) => n.x), 0);
		this.minY = Math.min(...this.nodes.map((n) => n.y), 0);
		this.maxX = Math.max(...this.nodes.map((n) => n.x + n.w), 0);
		this.maxY = Math.max(...this.nodes.map((n) => n.y + n.h), 0);
		for (const e of this.edges) {
			if (e.points.length < 4) {
				e.points = straightEdge(this.byId.get(e.source), this.byId.get(e.target));
			}
		}
	}

	/** The topmost node under a world point. */
	nodeAt(wx: number, wy: number): PlacedNode | undefined {
		for (let i = this.nodes.length - 1; i >= 0; i--) {
			const n = this.nodes[i]!;
			if (wx >= n.x && wx <= n.x + n.w && wy >= n.y && wy <= n.y + n.h) {
				return n;
			}
		}
		return undefined;
	}
}

/** From the side of the source that faces the target to the facing side of the target. */
function straightEdge(a: PlacedNode | undefined, b: PlacedNode | undefined): number[] {
	if (!a || !b) {
		return [];
	}
	const ax = a.x + a.w / 2;
	const bx = b.x + b.w / 2;
	if (a.y > b.y + b.h) {
		return [ax, a.y, bx, b.y + b.h];
	}
	if (b.y > a.y + a.h) {
		return [ax, a.y + a.h, bx, b.y];
	}
	return a.x < b.x ? [a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2] : [a.x, a.y + a.h / 2, b.x + b.w, b.y + b.h / 2];
}

export function screenToWorld(v: Viewport, sx: number, sy: number): { x: number; y: number } {
	return { x: (sx - v.x) / v.zoom, y: (sy - v.y) / v.zoom };
}
