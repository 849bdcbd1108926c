import { parseDocument } from '../analysisStore';
import { canonicalJson } from '../canonicalJson';
import { stpaGraphSchema, type StpaGraph } from '../schemas/stpaGraph';

/** The native interchange form: the same canonical JSON the store keeps in `stpa-sec.json`. */
export function toNativeJson(graph: StpaGraph): string {
	return canonicalJson(stpaGraphSchema.parse(graph));
}

/** Reads native JSON, validated; errors are the store's typed errors, named after `source`. */
export function fromNativeJson(text: string, source = 'imported graph'): StpaGraph {
	return parseDocument(source, text, stpaGraphSchema, 'stpa');
}

/** The part of a graph made of the given nodes and the edges between them (for exporting a view). */
export function subgraph(graph: StpaGraph, nodeIds: Iterable<string>): StpaGraph {
	const keep = new Set(nodeIds);
	return {
		...graph,
		nodes: graph.nodes.filter((n) => keep.has(n.id)),
		edges: graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
	};
}
