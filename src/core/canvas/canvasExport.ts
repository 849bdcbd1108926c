import type { ExportFormat } from '../protocol/canvasMessages';
import { subgraph, toDot, toDrawio, toGraphml, toMermaid, toNativeJson, toOtmJson } from '../store/export';
import type { Layout } from '../store/schemas/layout';
import type { StpaGraph } from '../store/schemas/stpaGraph';

export interface ExportedFile {
	readonly fileName: string;
	readonly content: string;
}

const EXTENSION: Record<ExportFormat, string> = { drawio: 'drawio', mermaid: 'mmd', graphml: 'graphml', dot: 'dot', otm: 'otm.json', json: 'json' };

/** The file a canvas export writes, made by the store's exporters (of the whole graph or the view's nodes). */
export function exportGraph(format: ExportFormat, graph: StpaGraph, layout?: Layout, nodeIds?: readonly string[]): ExportedFile {
	const g = nodeIds ? subgraph(graph, nodeIds) : graph;
	const content = { drawio: () => toDrawio(g, layout), mermaid: () => toMermaid(g), graphml: () => toGraphml(g), dot: () => toDot(g), otm: () => toOtmJson(g), json: () => toNativeJson(g) }[format]();
	return { fileName: `stpa-sec.${EXTENSION[format]}`, content };
}
