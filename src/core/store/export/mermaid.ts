import type { StpaGraph } from '../schemas/stpaGraph';
import { KIND_COLOUR } from './common';

/** Mermaid entity escaping inside a quoted label; `#` first so later codes are not re-escaped. */
export function escapeMermaid(text: string): string {
	return text
		.replace(/#/g, '#35;')
		.replace(/"/g, '#quot;')
		.replace(/&/g, '#amp;')
		.replace(/</g, '#lt;')
		.replace(/>/g, '#gt;')
		.replace(/\|/g, '#124;')
		.replace(/`/g, '#96;')
		.replace(/[[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`)
		.replace(/\r\n|\r|\n/g, '<br/>');
}

/** A Mermaid flowchart of the graph (top: stakeholders). Node ids are renamed to `n0…`. */
export function toMermaid(graph: StpaGraph): string {
	const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
	const lines = ['flowchart BT'];
	for (const n of graph.nodes) {
		lines.push(`  ${ids.get(n.id)}["${escapeMermaid(`${n.id}: ${n.label}`)}"]:::${n.kind}`);
	}
	for (const e of graph.edges) {
		const s = ids.get(e.source);
		const t = ids.get(e.target);
		if (s && t) {
			lines.push(`  ${s} -->|"${escapeMermaid(e.label ? `${e.kind}: ${e.label}` : e.kind)}"| ${t}`);
		}
	}
	const kinds = [...new Set(graph.nodes.map((n) => n.kind))];
	for (const k of kinds) {
		lines.push(`  classDef ${k} fill:${KIND_COLOUR[k]},stroke:#333`);
	}
	return `${lines.join('\n')}\n`;
}
