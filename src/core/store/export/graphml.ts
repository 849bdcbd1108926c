import type { StpaGraph } from '../schemas/stpaGraph';
import { escapeXml } from './common';

/** GraphML with `label`, `kind` and `description` data keys on nodes and `kind`/`label` on edges. */
export function toGraphml(graph: StpaGraph): string {
	const lines = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
		'  <key id="label" for="node" attr.name="label" attr.type="string"/>',
		'  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
		'  <key id="description" for="node" attr.name="description" attr.type="string"/>',
		'  <key id="ekind" for="edge" attr.name="kind" attr.type="string"/>',
		'  <key id="elabel" for="edge" attr.name="label" attr.type="string"/>',
		`  <graph id="${escapeXml(graph.title ?? 'stpa-sec')}" edgedefault="directed">`,
	];
	for (const n of graph.nodes) {
		lines.push(`    <node id="${escapeXml(n.id)}">`);
		lines.push(`      <data key="label">${escapeXml(n.label)}</data>`);
		lines.push(`      <data key="kind">${n.kind}</data>`);
		if (n.description) {
			lines.push(`      <data key="description">${escapeXml(n.description)}</data>`);
		}
		lines.push('    </node>');
	}
	graph.edges.forEach((e, i) => {
		lines.push(`    <edge id="e${i}" source="${escapeXml(e.source)}" target="${escapeXml(e.target)}">`);
		lines.push(`      <data key="ekind">${e.kind}</data>`);
		if (e.label) {
			lines.push(`      <data key="elabel">${escapeXml(e.label)}</data>`);
		}
		lines.push('    </edge>');
	});
	lines.push('  </graph>', '</graphml>');
	return `${lines.join('\n')}\n`;
}
