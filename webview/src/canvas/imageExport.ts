import { KIND_STYLE, kindColours } from '../../../src/core/canvas/kindStyle';
import { svgSnapshot } from '../../../src/core/canvas/svgSnapshot';
import type { Emphasis } from './graphRenderer';
import type { Scene } from './scene';
import type { CanvasTheme } from './theme';

/** An SVG of the whole current view with the current highlight. */
export function sceneToSvg(scene: Scene, theme: CanvasTheme, emphasis: Emphasis): string {
	const faded = (id: string) => emphasis.nodes !== undefined && !emphasis.nodes.has(id);
	return svgSnapshot(
		scene.nodes.map((n) => {
			const c = kindColours(n.kind, theme.kind, theme.foreground, theme.background);
			return { id: n.id, text: `${n.id}: ${n.node.label}`, x: n.x, y: n.y, width: n.w, height: n.h, shape: KIND_STYLE[n.kind].shape, fill: c.fill, stroke: c.stroke, opacity: faded(n.id) ? 0.2 : 1 };
		}),
		scene.edges.map((e) => ({ points: e.points, stroke: emphasis.edges?.has(e.key) ? theme.highlight : theme.edge, opacity: emphasis.nodes && !emphasis.edges?.has(e.key) ? 0.2 : 1 })),
		theme.background,
		theme.foreground,
		theme.font,
	);
}

/** A PNG (base64, no data: prefix) of what the canvas shows now. */
export function canvasToPng(canvas: HTMLCanvasElement): string {
	return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
