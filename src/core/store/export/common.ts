import type { Layout } from '../schemas/layout';
import { NODE_KINDS, type NodeKind, type StpaGraph } from '../schemas/stpaGraph';

export interface Box {
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
}

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 60;
const GAP_X = 40;
const GAP_Y = 60;

/** Rows of the fallback layout, top (stakeholders) to bottom (code). */
const LAYER_OF: Record<NodeKind, number> = {
	stakeholder: 0,
	stakeholderRequirement: 1,
	loss: 2,
	vulnerability: 3,
	securityConstraint: 4,
	controller: 5,
	controlledProcess: 5,
	responsibility: 5,
	controlAction: 6,
	feedback: 6,
	unsecureControlAction: 7,
	controllerConstraint: 8,
	lossScenario: 9,
	threat: 10,
	finding: 11,
	mitigation: 11,
	codeElement: 12,
};

/** Coordinates per node: from the layout file when it has them, else a simple layering by kind. */
export function positions(graph: StpaGraph, layout?: Layout): Map<string, Box> {
	const out = new Map<string, Box>();
	const perLayer = new Map<number, number>();
	for (const n of graph.nodes) {
		const saved = layout?.nodes[n.id];
		if (saved) {
			out.set(n.id, { x: saved.x, y: saved.y, width: saved.width ?? NODE_WIDTH, height: saved.height ?? NODE_HEIGHT });
			continue;
		}
		const layer = LAYER_OF[n.kind];
		const column = perLayer.get(layer) ?? 0;
		perLayer.set(layer, column + 1);
		out.set(n.id, { x: column * (NODE_WIDTH + GAP_X), y: layer * (NODE_HEIGHT + GAP_Y), width: NODE_WIDTH, height: NODE_HEIGHT });
	}
	return out;
}

/** Fill colours per node kind, shared by the exporters. */
export const KIND_COLOUR: Record<NodeKind, string> = Object.fromEntries(
	NODE_KINDS.map((k, i) => [k, ['#dae8fc', '#d5e8d4', '#f8cecc', '#ffe6cc', '#fff2cc', '#e1d5e7', '#f5f5f5'][i % 7]!]),
) as Record<NodeKind, string>;

/** Escapes text for an XML attribute or element; drops characters XML 1.0 cannot hold. */
export function escapeXml(text: string): string {
	return text
		.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;')
		.replace(/\r\n|\r|\n/g, '&#10;')
		.replace(/\t/g, '&#9;');
}

/** The text a node shows: id and label. */
export const nodeText = (n: { id: string; label: string }): string => `${n.id}: ${n.label}`;
