import { KIND_STYLE, kindColours } from '../../../src/core/canvas/kindStyle';
import { NODE_KINDS, type NodeKind } from '../../../src/core/store/schemas/stpaGraph';
import { el } from '../shared/vscodeApi';
import { shapePath } from './graphRenderer';
import type { CanvasTheme } from './theme';

/** The legend: one swatch in each kind's shape and colour, for the kinds the view shows. */
export function renderLegend(container: HTMLElement, kinds: ReadonlySet<NodeKind>, theme: CanvasTheme, diff = false): void {
	container.replaceChildren(el('h3', 'Legend'));
	const list = el('ul', undefined, 'legend-list');
	for (const kind of NODE_KINDS) {
		if (!kinds.has(kind)) {
			continue;
		}
		const swatch = document.createElement('canvas');
		swatch.width = 36;
		swatch.height = 18;
		swatch.className = 'swatch';
		const ctx = swatch.getContext('2d')!;
		const path = new Path2D();
		shapePath(path, { id: '', kind, node: undefined as never, x: 1, y: 1, w: 34, h: 16 }, false);
		const c = kindColours(kind, theme.kind, theme.foreground, theme.background);
		ctx.fillStyle = c.fill;
		ctx.strokeStyle = c.stroke;
		ctx.fill(path);
		ctx.stroke(path);
		const item = el('li');
		item.append(swatch, el('span', KIND_STYLE[kind].label));
		list.append(item);
	}
	if (diff) {
		for (const [label, colour, dashed] of [
			['Added since the compared version', theme.added, false],
			['Removed since the compared version', theme.removed, true],
			['Changed since the compared version', theme.changed, false],
		] as const) {
			const swatch = document.createElement('canvas');
			swatch.width = 36;
			swatch.height = 18;
			swatch.className = 'swatch';
			const ctx = swatch.getContext('2d')!;
			ctx.strokeStyle = colour;
			ctx.lineWidth = 3;
			ctx.setLineDash(dashed ? [5, 3] : []);
			ctx.strokeRect(2, 2, 32, 14);
			const item = el('li');
			item.append(swatch, el('span', label));
			list.append(item);
		}
	}
	container.append(list);
}
