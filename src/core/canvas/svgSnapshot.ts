import type { NodeShape } from './kindStyle';

export interface SvgNode {
	readonly id: string;
	readonly text: string;
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
	readonly shape: NodeShape;
	readonly fill: string;
	readonly stroke: string;
	readonly opacity: number;
}

export interface SvgEdge {
	readonly points: readonly number[];
	readonly stroke: string;
	readonly opacity: number;
}

export function escapeSvgText(text: string): string {
	return text
		.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** Polygon points (relative to the box) of a shape; undefined for shapes drawn as rect/ellipse. */
export function shapePoints(shape: NodeShape, w: number, h: number): Array<[number, number]> | undefined {
	const c = Math.min(14, h / 3);
	switch (shape) {
		case 'hexagon':
			return [[c, 0], [w - c, 0], [w, h / 2], [w - c, h], [c, h], [0, h / 2]];
		case 'diamond':
			return [[w / 2, 0], [w, h / 2], [w / 2, h], [0, h / 2]];
		case 'octagon':
			return [[c, 0], [w - c, 0], [w, c], [w, h - c], [w - c, h], [c, h], [0, h - c], [0, c]];
		case 'parallelogram':
			return [[c, 0], [w, 0], [w - c, h], [0, h]];
		case 'shield':
			return [[0, 0], [w, 0], [w, h * 0.6], [w / 2, h], [0, h * 0.6]];
		case 'tab':
			return [[0, 0], [w * 0.35, 0], [w * 0.4, 6], [w, 6], [w, h], [0, h]];
		default:
			return undefined;
	}
}

/** A self-contained SVG of the current view; all text escaped. */
export function svgSnapshot(nodes: readonly SvgNode[], edges: readonly SvgEdge[], background: string, foreground: string, font: string): string {
	const pad = 20;
	const minX = Math.min(0, ...nodes.map((n) => n.x)) - pad;
	const minY = Math.min(0, ...nodes.map((n) => n.y)) - pad;
	const maxX = Math.max(0, ...nodes.map((n) => n.x + n.width)) + pad;
	const maxY = Math.max(0, ...nodes.map((n) => n.y + n.height)) + pad;
	const out: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX} ${minY} ${maxX - minX} ${maxY - minY}" width="${Math.round(maxX - minX)}" height="${Math.round(maxY - minY)}" font-family="${escapeSvgText(font)}" font-size="12">`,
		`<rect x="${minX}" y="${minY}" width="${maxX - minX}" height="${maxY - minY}" fill="${escapeSvgText(background)}"/>`,
	];
	for (const e of edges) {
		const pts: string[] = [];
		for (let i = 0; i + 1 < e.points.length; i += 2) {
			pts.push(`${e.points[i]!.toFixed(1)},${e.points[i + 1]!.toFixed(1)}`);
		}
		out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${escapeSvgText(e.stroke)}" stroke-opacity="${e.opacity}"/>`);
	}
	for (const n of nodes) {
		const style = `fill="${escapeSvgText(n.fill)}" stroke="${escapeSvgText(n.stroke)}" opacity="${n.opacity}"`;
		const poly = shapePoints(n.shape, n.width, n.height);
		out.push(`<g transform="translate(${n.x.toFixed(1)},${n.y.toFixed(1)})"><title>${escapeSvgText(n.id)}</title>`);
		if (poly) {
			out.push(`<polygon points="${poly.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}" ${style}/>`);
		} else if (n.shape === 'ellipse' || n.shape === 'person') {
			out.push(`<ellipse cx="${n.width / 2}" cy="${n.height / 2}" rx="${n.width / 2}" ry="${n.height / 2}" ${style}/>`);
		} else {
			out.push(`<rect width="${n.width}" height="${n.height}" rx="${n.shape === 'roundRect' ? 10 : 2}" ${style}/>`);
		}
		out.push(`<text x="${n.width / 2}" y="${n.height / 2 + 4}" text-anchor="middle" fill="${escapeSvgText(foreground)}" opacity="${n.opacity}">${escapeSvgText(n.text)}</text></g>`);
	}
	out.push('</svg>');
	return out.join('\n');
}
