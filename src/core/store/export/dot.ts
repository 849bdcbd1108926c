import type { StpaGraph } from '../schemas/stpaGraph';
import { KIND_COLOUR } from './common';

/** A double-quoted DOT string: backslash and quote escaped, newlines as `\n`. */
export function quoteDot(text: string): string {
	return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

/** Graphviz DOT; the consumer lays it out. */
export function toDot(graph: StpaGraph, name = 'stpa_sec'): string {
	const lines = [`digraph ${quoteDot(name)} {`, '  rankdir=BT;', '  node [shape=box, style="rounded,filled", fontname="Helvetica"];'];
	for (const n of graph.nodes) {
		lines.push(`  ${quoteDot(n.id)} [label=${quoteDot(`${n.id}: ${n.label}`)}, fillcolor=${quoteDot(KIND_COLOUR[n.kind])}, kind=${quoteDot(n.kind)}];`);
	}
	for (const e of graph.edges) {
		lines.push(`  ${quoteDot(e.source)} -> ${quoteDot(e.target)} [label=${quoteDot(e.label ? `${e.kind}: ${e.label}` : e.kind)}];`);
	}
	lines.push('}');
	return `${lines.join('\n')}\n`;
}
