import { KIND_STYLE, kindColours } from '../../../src/core/canvas/kindStyle';
import { shapePoints } from '../../../src/core/canvas/svgSnapshot';
import type { NodeKind } from '../../../src/core/store/schemas/stpaGraph';
import type { PlacedNode, Scene, Viewport } from './scene';
import type { CanvasTheme } from './theme';

export interface Emphasis {
	/** When set, nodes and edges outside these sets are faded. */
	readonly nodes?: ReadonlySet<string>;
	readonly edges?: ReadonlySet<string>;
	readonly selection?: string;
	readonly searchHits?: ReadonlySet<string>;
	readonly diff?: ReadonlyMap<string, 'added' | 'removed' | 'changed'>;
}

const FADED = 0.18;

/** Draws a scene on a 2D canvas: only what the viewport shows, labels only when they are legible. */
export class GraphRenderer {
	private readonly ctx: CanvasRenderingContext2D;
	lastDrawMs = 0;

	constructor(readonly canvas: HTMLCanvasElement) {
		const ctx = canvas.getContext('2d', { alpha: false });
		if (!ctx) {
			throw new Error('no 2D canvas context');
		}
		this.ctx = ctx;
	}

	draw(scene: Scene, v: Viewport, theme: CanvasTheme, emphasis: Emphasis): void {
		const started = performance.now();
		const { ctx, canvas } = this;
		const dpr = window.devicePixelRatio || 1;
		const width = canvas.clientWidth;
		const height = canvas.clientHeight;
		if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
			canvas.width = Math.round(width * dpr);
			canvas.height = Math.round(height * dpr);
		}
		ctx.setTransform(1, 0, 0, 1, 0, 0);
		ctx.fillStyle = theme.background;
		ctx.fillRect(0, 0, canvas.width, canvas.height);
		ctx.setTransform(dpr * v.zoom, 0, 0, dpr * v.zoom, dpr * v.x, dpr * v.y);
		const x0 = -v.x / v.zoom;
		const y0 = -v.y / v.zoom;
		const x1 = x0 + width / v.zoom;
		const y1 = y0 + height / v.zoom;
		const visible = scene.nodes.filter((n) => n.x + n.w >= x0 && n.x <= x1 && n.y + n.h >= y0 && n.y <= y1);
		this.drawEdges(scene, theme, emphasis, v.zoom, [x0, y0, x1, y1]);
		this.drawNodes(visible, theme, emphasis, v.zoom);
		this.lastDrawMs = performance.now() - started;
	}

	private drawEdges(scene: Scene, theme: CanvasTheme, emphasis: Emphasis, zoom: number, [x0, y0, x1, y1]: number[]): void {
		const { ctx } = this;
		const strong = new Path2D();
		const faint = new Path2D();
		const lit = new Path2D();
		for (const e of scene.edges) {
			const p = e.points;
			let minX = Infinity;
			let minY = Infinity;
			let maxX = -Infinity;
			let maxY = -Infinity;
			for (let i = 0; i < p.length; i += 2) {
				minX = Math.min(minX, p[i]!);
				maxX = Math.max(maxX, p[i]!);
				minY = Math.min(minY, p[i + 1]!);
				maxY = Math.max(maxY, p[i + 1]!);
			}
			if (maxX < x0 || minX > x1 || maxY < y0 || minY > y1 || p.length < 4) {
				continue;
			}
			const target = emphasis.edges?.has(e.key) ? lit : emphasis.nodes ? faint : strong;
			target.moveTo(p[0]!, p[1]!);
			for (let i = 2; i < p.length; i += 2) {
				target.lineTo(p[i]!, p[i + 1]!);
			}
			if (zoom > 0.3) {
				arrowHead(target, p);
			}
		}
		ctx.lineWidth = 1.2 / Math.max(zoom, 0.4);
		ctx.strokeStyle = theme.edge;
		ctx.globalAlpha = 1;
		ctx.stroke(strong);
		ctx.globalAlpha = FADED;
		ctx.stroke(faint);
		ctx.globalAlpha = 1;
		ctx.strokeStyle = theme.highlight;
		ctx.lineWidth = 2.5 / Math.max(zoom, 0.4);
		ctx.stroke(lit);
	}

	private drawNodes(nodes: PlacedNode[], theme: CanvasTheme, emphasis: Emphasis, zoom: number): void {
		const { ctx } = this;
		const byKind = new Map<NodeKind, { normal: Path2D; faded: Path2D }>();
		for (const n of nodes) {
			let paths = byKind.get(n.kind);
			if (!paths) {
				paths = { normal: new Path2D(), faded: new Path2D() };
				byKind.set(n.kind, paths);
			}
			const faded = emphasis.nodes !== undefined && !emphasis.nodes.has(n.id);
			shapePath(faded ? paths.faded : paths.normal, n, zoom < 0.25);
		}
		ctx.lineWidth = 1.2 / Math.max(zoom, 0.5);
		for (const [kind, paths] of byKind) {
			const c = kindColours(kind, theme.kind, theme.foreground, theme.background);
			ctx.fillStyle = c.fill;
			ctx.strokeStyle = c.stroke;
			ctx.globalAlpha = 1;
			ctx.fill(paths.normal);
			ctx.stroke(paths.normal);
			ctx.globalAlpha = FADED;
			ctx.fill(paths.faded);
			ctx.stroke(paths.faded);
		}
		ctx.globalAlpha = 1;
		this.drawMarks(nodes, theme, emphasis, zoom);
		if (zoom * 12 >= 6) {
			this.drawLabels(nodes, theme, emphasis);
		}
	}

	/** Selection, search hits, diff status and trace membership as outlines. */
	private drawMarks(nodes: PlacedNode[], theme: CanvasTheme, emphasis: Emphasis, zoom: number): void {
		const { ctx } = this;
		const outline = (n: PlacedNode, colour: string, width: number, inset: number) => {
			ctx.strokeStyle = colour;
			ctx.lineWidth = width / Math.max(zoom, 0.5);
			ctx.strokeRect(n.x - inset, n.y - inset, n.w + 2 * inset, n.h + 2 * inset);
		};
		for (const n of nodes) {
			const status = emphasis.diff?.get(n.id);
			if (status) {
				ctx.setLineDash(status === 'removed' ? [6, 4] : []);
				outline(n, status === 'added' ? theme.added : status === 'removed' ? theme.removed : theme.changed, 3, 4);
				ctx.setLineDash([]);
			}
			if (emphasis.nodes?.has(n.id)) {
				outline(n, theme.highlight, 2, 2);
			}
			if (emphasis.searchHits?.has(n.id)) {
				outline(n, theme.warning, 2, 6);
			}
			if (n.id === emphasis.selection) {
				outline(n, theme.focus, 3, 8);
			}
		}
	}

	private drawLabels(nodes: PlacedNode[], theme: CanvasTheme, emphasis: Emphasis): void {
		const { ctx } = this;
		ctx.fillStyle = theme.foreground;
		ctx.textAlign = 'center';
		ctx.textBaseline = 'middle';
		ctx.font = `600 11px ${theme.font}`;
		for (const n of nodes) {
			ctx.globalAlpha = emphasis.nodes !== undefined && !emphasis.nodes.has(n.id) ? 0.35 : 1;
			ctx.fillText(n.id, n.x + n.w / 2, n.y + n.h / 2 - 8);
		}
		ctx.font = `11px ${theme.font}`;
		for (const n of nodes) {
			ctx.globalAlpha = emphasis.nodes !== undefined && !emphasis.nodes.has(n.id) ? 0.35 : 1;
			n.fitted ??= fitText(ctx, n.node.label, n.w - 28);
			ctx.fillText(n.fitted, n.x + n.w / 2, n.y + n.h / 2 + 8);
		}
		ctx.globalAlpha = 1;
	}
}

function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
	if (ctx.measureText(text).width <= width) {
		return text;
	}
	let lo = 0;
	let hi = text.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) {
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	return `${text.slice(0, lo)}…`;
}

/** Adds a node's outline to a path; plain boxes when zoomed far out. */
export function shapePath(path: Path2D, n: PlacedNode, coarse: boolean): void {
	const shape = KIND_STYLE[n.kind].shape;
	if (coarse) {
		path.rect(n.x, n.y, n.w, n.h);
		return;
	}
	const points = shapePoints(shape, n.w, n.h);
	if (points) {
		path.moveTo(n.x + points[0]![0], n.y + points[0]![1]);
		for (const [px, py] of points.slice(1)) {
			path.lineTo(n.x + px, n.y + py);
		}
		path.closePath();
	} else if (shape === 'ellipse') {
		path.moveTo(n.x + n.w, n.y + n.h / 2);
		path.ellipse(n.x + n.w / 2, n.y + n.h / 2, n.w / 2, n.h / 2, 0, 0, Math.PI * 2);
	} else if (shape === 'person') {
		path.roundRect(n.x, n.y, n.w, n.h, n.h / 2);
		path.moveTo(n.x + 22, n.y + n.h / 2 - 6);
		path.arc(n.x + 16, n.y + n.h / 2 - 6, 6, 0, Math.PI * 2);
	} else {
		path.roundRect(n.x, n.y, n.w, n.h, shape === 'roundRect' ? 12 : 2);
	}
}

function arrowHead(path: Path2D, p: number[]): void {
	const n = p.length;
	const x = p[n - 2]!;
	const y = p[n - 1]!;
	const angle = Math.atan2(y - p[n - 3]!, x - p[n - 4]!);
	const size = 8;
	path.moveTo(x - size * Math.cos(angle - 0.4), y - size * Math.sin(angle - 0.4));
	path.lineTo(x, y);
	path.lineTo(x - size * Math.cos(angle + 0.4), y - size * Math.sin(angle + 0.4));
}
