import type { Layout } from '../schemas/layout';
import type { StpaGraph } from '../schemas/stpaGraph';
import { escapeXml, KIND_COLOUR, nodeText, positions } from './common';

/**
 * Uncompressed draw.io XML. Coordinates come from the layout file when present. Labels are plain
 * text (`html=0`), so model text is never interpreted as HTML by draw.io.
 */
export function toDrawio(graph: StpaGraph, layout?: Layout): string {
	const boxes = positions(graph, layout);
	const cellId = new Map(graph.nodes.map((n, i) => [n.id, `v${i}`]));
	const lines = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<mxfile host="rampart" type="device">',
		`  <diagram id="stpa-sec" name="${escapeXml(graph.title ?? 'STPA-Sec')}">`,
		'    <mxGraphModel dx="1200" dy="800" grid="1" gridSize="10" guides="1" arrows="1" connect="1" page="0">',
		'      <root>',
		'        <mxCell id="0"/>',
		'        <mxCell id="1" parent="0"/>',
	];
	for (const n of graph.nodes) {
		const b = boxes.get(n.id)!;
		const style = `rounded=1;whiteSpace=wrap;html=0;fillColor=${KIND_COLOUR[n.kind]};rampartKind=${n.kind};`;
		lines.push(`        <mxCell id="${cellId.get(n.id)}" value="${escapeXml(nodeText(n))}" style="${style}" vertex="1" parent="1">`);
		lines.push(`          <mxGeometry x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" as="geometry"/>`);
		lines.push('        </mxCell>');
	}
	graph.edges.forEach((e, i) => {
		const s = cellId.get(e.source);
		const t = cellId.get(e.target);
		if (!s || !t) {
			return;
		}
		const value = e.label ? `${e.kind}: ${e.label}` : e.kind;
		lines.push(`        <mxCell id="e${i}" value="${escapeXml(value)}" style="endArrow=block;html=0;" edge="1" parent="1" source="${s}" target="${t}">`);
		lines.push('          <mxGeometry relative="1" as="geometry"/>');
		lines.push('        </mxCell>');
	});
	lines.push('      </root>', '    </mxGraphModel>', '  </diagram>', '</mxfile>');
	return `${lines.join('\n')}\n`;
}
