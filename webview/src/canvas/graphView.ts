import { KIND_STYLE } from '../../../src/core/canvas/kindStyle';
import { controlStructureView, fullView, traceView, type ViewGraph } from '../../../src/core/canvas/viewGraph';
import type { LayoutResponse } from '../../../src/core/protocol/canvasMessages';
import type { NodeKind } from '../../../src/core/store/schemas/stpaGraph';
import type { CanvasApp } from './canvasApp';
import { bindPointer } from './canvasInput';
import { type Emphasis, GraphRenderer } from './graphRenderer';
import type { LayoutClient } from './layoutClient';
import { Overview } from './overview';
import { NODE_H, NODE_W, type PlacedEdge, type PlacedNode, Scene, screenToWorld, type Viewport } from './scene';
import { readTheme, type CanvasTheme } from './theme';

/** Views larger than this are painted first with the quick layout. */
const PAINT_FIRST = 300;

const STRUCTURE_LAYER: Partial<Record<NodeKind, number>> = { controller: 0, controlAction: 1, feedback: 1, responsibility: 1, controlledProcess: 2 };

/** The graph views (whole graph, control structure, trace mind map) on one canvas. */
export class GraphView {
	readonly element: HTMLElement;
	readonly canvas: HTMLCanvasElement;
	private readonly renderer: GraphRenderer;
	private readonly overview: Overview;
	private readonly zoomLabel: HTMLElement;
	scene = new Scene([], []);
	viewport: Viewport = { x: 0, y: 0, zoom: 1 };
	theme: CanvasTheme = readTheme();
	searchHits: ReadonlySet<string> | undefined;
	private layoutKey = '';
	private positions = new Map<string, { x: number; y: number }>();
	private edgePoints = new Map<string, number[]>();
	private frame = 0;
	private restoredViewport: boolean;
	/** Counts viewport moves, so a refined layout does not undo the user's pan or zoom. */
	private viewportChanges = 0;
	engine: LayoutResponse['engine'] = 'quick';

	constructor(
		private readonly app: CanvasApp,
		private readonly layouts: LayoutClient,
		readonly onContextMenu: (id: string, x: number, y: number) => void,
	) {
		this.element = document.createElement('div');
		this.element.className = 'graph-view';
		this.canvas = document.createElement('canvas');
		this.canvas.id = 'graph-canvas';
		this.canvas.tabIndex = 0;
		this.canvas.setAttribute('role', 'application');
		this.canvas.setAttribute('aria-label', 'STPA-Sec graph. Arrow keys move between nodes, T shows the trace, plus and minus zoom, F fits.');
		this.renderer = new GraphRenderer(this.canvas);
		this.overview = new Overview((x, y) => this.centreOnWorld(x, y));
		this.zoomLabel = document.createElement('div');
		this.zoomLabel.id = 'zoom-level';
		this.zoomLabel.className = 'zoom-level';
		this.zoomLabel.setAttribute('aria-live', 'polite');
		this.element.append(this.canvas, this.overview.element, this.zoomLabel);
		this.restoredViewport = app.viewport !== undefined;
		bindPointer(this, app);
		new ResizeObserver(() => this.requestDraw()).observe(this.element);
	}

	/** The nodes and edges the current view shows. */
	viewGraph(): ViewGraph {
		const { app } = this;
		if (app.view === 'structure') {
			return controlStructureView(app.graph);
		}
		if (app.view === 'trace') {
			return traceView(app.graph, app.traces, app.traceOf ?? app.selection);
		}
		return fullView(app.graph);
	}

	/**
	 * Lays the view out again when its nodes or edges changed, else only rebuilds the scene. Views
	 * above `PAINT_FIRST` nodes are painted at once with the quick layout, then redrawn with elkjs's.
	 */
	async refresh(): Promise<void> {
		const view = this.viewGraph();
		const key = `${this.app.view}|${view.nodes.map((n) => n.id).join(',')}|${view.edges.map((e) => e.key).join(',')}`;
		performance.mark('canvas-refresh-start');
		if (key === this.layoutKey) {
			this.buildScene(view);
			this.drawNow();
			return;
		}
		this.layoutKey = key;
		const structure = this.app.view === 'structure';
		const request = {
			direction: view.direction,
			nodes: view.nodes.map((n) => ({ id: n.id, width: NODE_W, height: NODE_H, layer: (structure ? STRUCTURE_LAYER[n.kind] : undefined) ?? KIND_STYLE[n.kind].layer })),
			edges: view.edges.map((e) => ({ source: e.source, target: e.target })),
		};
		const elk = this.layouts.layout(request);
		let touched: number | undefined;
		if (view.nodes.length > PAINT_FIRST) {
			this.place(view, this.layouts.quick(request));
			touched = this.viewportChanges;
		}
		const result = await elk;
		if (key !== this.layoutKey) {
			return;
		}
		this.place(view, result, touched !== undefined && touched !== this.viewportChanges);
	}

	/** Puts the view's nodes where a layout says, fits (or restores) the viewport and paints. */
	private place(view: ViewGraph, result: LayoutResponse, keepViewport = false): void {
		this.positions = new Map(Object.entries(result.positions));
		this.edgePoints = new Map(result.edges.map((e) => [`${e.source}>${e.target}`, e.points]));
		this.engine = result.engine;
		this.buildScene(view);
		if (this.restoredViewport && this.app.viewport) {
			this.viewport = { ...this.app.viewport };
			this.restoredViewport = false;
		} else if (!keepViewport) {
			this.fit();
		}
		this.drawNow();
		performance.mark('canvas-painted');
		performance.measure(result.engine === 'quick' ? 'canvas-first-paint' : 'canvas-layout-and-paint', 'canvas-refresh-start', 'canvas-painted');
	}

	private buildScene(view: ViewGraph): void {
		const nodes: PlacedNode[] = view.nodes.map((n) => {
			const p = this.positions.get(n.id) ?? { x: 0, y: 0 };
			return { id: n.id, kind: n.kind, node: n, x: p.x, y: p.y, w: NODE_W, h: NODE_H };
		});
		const edges: PlacedEdge[] = view.edges.map((e) => ({ key: e.key, source: e.source, target: e.target, kind: e.kind, points: [...(this.edgePoints.get(`${e.source}>${e.target}`) ?? [])] }));
		this.scene = new Scene(nodes, edges);
		this.overview.rebuild(this.scene, this.theme);
	}

	themeChanged(): void {
		this.theme = readTheme();
		this.overview.rebuild(this.scene, this.theme);
		this.requestDraw();
	}

	emphasis(): Emphasis {
		// Fade only when the trace is part of what this view shows.
		const h = this.app.highlight && this.scene.nodes.some((n) => this.app.highlight!.nodeIds.has(n.id)) ? this.app.highlight : undefined;
		const diff = this.app.diff;
		return {
			nodes: h?.nodeIds,
			edges: h?.edgeKeys,
			selection: this.app.selection,
			searchHits: this.searchHits,
			diff: diff ? new Map([...diff.added.map((id) => [id, 'added'] as const), ...diff.removed.map((id) => [id, 'removed'] as const), ...diff.changed.map((id) => [id, 'changed'] as const)]) : undefined,
		};
	}

	requestDraw(): void {
		if (!this.frame) {
			this.frame = requestAnimationFrame(() => {
				this.frame = 0;
				this.drawNow();
			});
		}
	}

	drawNow(): number {
		const started = performance.now();
		this.renderer.draw(this.scene, this.viewport, this.theme, this.emphasis());
		this.zoomLabel.textContent = this.scene.nodes.length > 0 ? `${Math.round(this.viewport.zoom * 100)}%` : '';
		performance.measure('canvas-draw', { start: started });
		this.overview.draw(this.viewport, this.canvas.clientWidth, this.canvas.clientHeight, this.theme);
		return this.renderer.lastDrawMs;
	}

	fit(): void {
		const s = this.scene;
		const w = Math.max(1, this.canvas.clientWidth);
		const h = Math.max(1, this.canvas.clientHeight);
		const zoom = Math.min(1.5, Math.max(0.02, Math.min((w - 40) / (s.maxX - s.minX || 1), (h - 40) / (s.maxY - s.minY || 1))));
		this.viewport = { zoom, x: (w - (s.maxX + s.minX) * zoom) / 2, y: (h - (s.maxY + s.minY) * zoom) / 2 };
		this.viewportChanged();
	}

	/** Fits the viewport around some nodes of the scene (the trace); false when none is shown. */
	fitTo(ids: ReadonlySet<string>): boolean {
		const nodes = this.scene.nodes.filter((n) => ids.has(n.id));
		if (nodes.length === 0) {
			return false;
		}
		const minX = Math.min(...nodes.map((n) => n.x));
		const minY = Math.min(...nodes.map((n) => n.y));
		const maxX = Math.max(...nodes.map((n) => n.x + n.w));
		const maxY = Math.max(...nodes.map((n) => n.y + n.h));
		const w = Math.max(1, this.canvas.clientWidth);
		const h = Math.max(1, this.canvas.clientHeight);
		const zoom = Math.min(1.2, Math.max(0.05, Math.min((w - 60) / (maxX - minX || 1), (h - 60) / (maxY - minY || 1))));
		this.viewport = { zoom, x: (w - (maxX + minX) * zoom) / 2, y: (h - (maxY + minY) * zoom) / 2 };
		this.viewportChanged();
		return true;
	}

	zoomBy(factor: number, sx = this.canvas.clientWidth / 2, sy = this.canvas.clientHeight / 2): void {
		const v = this.viewport;
		const zoom = Math.min(4, Math.max(0.02, v.zoom * factor));
		const w = screenToWorld(v, sx, sy);
		this.viewport = { zoom, x: sx - w.x * zoom, y: sy - w.y * zoom };
		this.viewportChanged();
	}

	panBy(dx: number, dy: number): void {
		this.viewport = { ...this.viewport, x: this.viewport.x + dx, y: this.viewport.y + dy };
		this.viewportChanged();
	}

	centreOnWorld(x: number, y: number): void {
		const v = this.viewport;
		this.viewport = { ...v, x: this.canvas.clientWidth / 2 - x * v.zoom, y: this.canvas.clientHeight / 2 - y * v.zoom };
		this.viewportChanged();
	}

	centreOn(id: string): boolean {
		const n = this.scene.byId.get(id);
		if (n) {
			if (this.viewport.zoom < 0.6) {
				this.viewport = { ...this.viewport, zoom: 1 };
			}
			this.centreOnWorld(n.x + n.w / 2, n.y + n.h / 2);
		}
		return n !== undefined;
	}

	viewportChanged(): void {
		this.viewportChanges++;
		this.zoomLabel.textContent = this.scene.nodes.length > 0 ? `${Math.round(this.viewport.zoom * 100)}%` : '';
		this.app.viewport = { ...this.viewport };
		this.app.persist();
		this.requestDraw();
	}

	/** Moves the selection to the nearest node in a direction (arrow keys). */
	step(dx: number, dy: number): void {
		const from = this.app.selection ? this.scene.byId.get(this.app.selection) : undefined;
		if (!from) {
			const first = this.scene.nodes[0];
			if (first) {
				this.app.select(first.id, true);
			}
			return;
		}
		let best: PlacedNode | undefined;
		let bestScore = Infinity;
		for (const n of this.scene.nodes) {
			const ox = n.x - from.x;
			const oy = n.y - from.y;
			const along = ox * dx + oy * dy;
			if (n === from || along <= 0) {
				continue;
			}
			const across = Math.abs(ox * dy) + Math.abs(oy * dx);
			const score = along + across * 2;
			if (score < bestScore) {
				bestScore = score;
				best = n;
			}
		}
		if (best) {
			this.app.select(best.id, true);
		}
	}

	/** The node under a mouse event, if any. */
	hit(e: MouseEvent): PlacedNode | undefined {
		const r = this.canvas.getBoundingClientRect();
		const w = screenToWorld(this.viewport, e.clientX - r.left, e.clientY - r.top);
		return this.scene.nodeAt(w.x, w.y);
	}
}
