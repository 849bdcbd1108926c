import { codeLocation } from '../../../src/core/canvas/nodeFields';
import type { CanvasApp } from './canvasApp';
import type { GraphView } from './graphView';

/** Mouse and wheel on the graph: drag pans, click selects, double-click opens the code, wheel zooms. */
export function bindPointer(view: GraphView, app: CanvasApp): void {
	let start: { x: number; y: number; vx: number; vy: number } | undefined;
	let moved = false;
	view.canvas.addEventListener('pointerdown', (e) => {
		if (e.button !== 0) {
			return;
		}
		try {
			view.canvas.setPointerCapture(e.pointerId);
		} catch {
			// A synthetic pointer cannot be captured; panning still follows its moves.
		}
		start = { x: e.clientX, y: e.clientY, vx: view.viewport.x, vy: view.viewport.y };
		moved = false;
	});
	view.canvas.addEventListener('pointermove', (e) => {
		if (!start) {
			return;
		}
		if (Math.abs(e.clientX - start.x) + Math.abs(e.clientY - start.y) > 4) {
			moved = true;
		}
		if (moved) {
			view.viewport = { ...view.viewport, x: start.vx + e.clientX - start.x, y: start.vy + e.clientY - start.y };
			view.viewportChanged();
		}
	});
	view.canvas.addEventListener('pointerup', (e) => {
		if (start && !moved) {
			const hit = view.hit(e);
			app.select(hit?.id);
		}
		start = undefined;
	});
	view.canvas.addEventListener('dblclick', (e) => {
		const hit = view.hit(e);
		const where = hit && codeLocation(hit.node);
		if (where) {
			app.post({ type: 'openAnchor', ...where });
		}
	});
	view.canvas.addEventListener('contextmenu', (e) => {
		const hit = view.hit(e);
		if (hit) {
			e.preventDefault();
			app.select(hit.id);
			view.onContextMenu(hit.id, e.clientX, e.clientY);
		}
	});
	view.canvas.addEventListener(
		'wheel',
		(e) => {
			e.preventDefault();
			const r = view.canvas.getBoundingClientRect();
			if (e.shiftKey) {
				view.panBy(-e.deltaY, 0);
			} else {
				view.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
			}
		},
		{ passive: false },
	);
}
