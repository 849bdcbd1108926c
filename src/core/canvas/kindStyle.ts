import type { NodeKind } from '../store/schemas/stpaGraph';

export type NodeShape = 'person' | 'roundRect' | 'rect' | 'hexagon' | 'diamond' | 'octagon' | 'parallelogram' | 'ellipse' | 'tab' | 'shield';

export interface KindStyle {
	readonly label: string;
	readonly shape: NodeShape;
	/** Hue (0–360); the renderer derives light, dark and high-contrast colours from it. */
	readonly hue: number;
	/** Row of the layered layout, stakeholders on top, code at the bottom. */
	readonly layer: number;
}

/** Shape, colour and row of every node kind; the legend lists them in this order. */
export const KIND_STYLE: Record<NodeKind, KindStyle> = {
	stakeholder: { label: 'Stakeholder', shape: 'person', hue: 210, layer: 0 },
	stakeholderRequirement: { label: 'Stakeholder requirement', shape: 'tab', hue: 200, layer: 1 },
	loss: { label: 'Loss', shape: 'octagon', hue: 0, layer: 2 },
	vulnerability: { label: 'Vulnerability (hazard)', shape: 'diamond', hue: 25, layer: 3 },
	securityConstraint: { label: 'Security constraint', shape: 'shield', hue: 140, layer: 4 },
	controller: { label: 'Controller', shape: 'rect', hue: 265, layer: 5 },
	controlledProcess: { label: 'Controlled process', shape: 'rect', hue: 290, layer: 5 },
	responsibility: { label: 'Responsibility', shape: 'roundRect', hue: 170, layer: 5 },
	controlAction: { label: 'Control action', shape: 'parallelogram', hue: 240, layer: 6 },
	feedback: { label: 'Feedback', shape: 'parallelogram', hue: 185, layer: 6 },
	unsecureControlAction: { label: 'Unsecure control action', shape: 'hexagon', hue: 15, layer: 7 },
	controllerConstraint: { label: 'Controller constraint', shape: 'shield', hue: 120, layer: 8 },
	lossScenario: { label: 'Loss scenario', shape: 'roundRect', hue: 45, layer: 9 },
	threat: { label: 'Threat', shape: 'hexagon', hue: 350, layer: 10 },
	finding: { label: 'Finding', shape: 'ellipse', hue: 330, layer: 11 },
	mitigation: { label: 'Mitigation', shape: 'shield', hue: 100, layer: 11 },
	codeElement: { label: 'Code element', shape: 'rect', hue: 220, layer: 12 },
};

export interface ThemeColours {
	readonly fill: string;
	readonly stroke: string;
	readonly text: string;
}

/** Node colours for a theme: pale fills on light themes, deep ones on dark, outlines only in high contrast. */
export function kindColours(kind: NodeKind, theme: 'light' | 'dark' | 'highContrast', foreground: string, background: string): ThemeColours {
	const { hue } = KIND_STYLE[kind];
	if (theme === 'highContrast') {
		return { fill: background, stroke: foreground, text: foreground };
	}
	if (theme === 'dark') {
		return { fill: `hsl(${hue} 35% 22%)`, stroke: `hsl(${hue} 55% 62%)`, text: foreground };
	}
	return { fill: `hsl(${hue} 70% 93%)`, stroke: `hsl(${hue} 45% 42%)`, text: foreground };
}
