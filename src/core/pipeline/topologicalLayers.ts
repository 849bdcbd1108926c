// Kahn's algorithm by layers over resolved dependencies: layer 0 depends on nothing, layer n only on
// earlier layers. Files are sorted within a layer, so the result does not depend on input order.
// Files on or behind a cycle get no layer; the cycles are reported as paths.

export interface LayerResult {
	layers: string[][];
	/** Each cycle as a path that starts and ends at the same file. */
	cycles: string[][];
	/** Files that could not be layered (on a cycle or depending on one). */
	blocked: string[];
}

/** Every elementary cycle found by depth-first search, each reported once, deterministically. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
	const state = new Map<string, 'active' | 'done'>();
	const stack: string[] = [];
	const cycles: string[][] = [];
	const seen = new Set<string>();
	const visit = (node: string): void => {
		state.set(node, 'active');
		stack.push(node);
		for (const next of [...(graph.get(node) ?? [])].sort()) {
			if (!graph.has(next)) {
				continue;
			}
			const s = state.get(next);
			if (s === 'active') {
				const cycle = [...stack.slice(stack.indexOf(next)), next];
				const ring = cycle.slice(0, -1);
				const start = ring.indexOf([...ring].sort()[0]!);
				const canonical = [...ring.slice(start), ...ring.slice(0, start)];
				const key = canonical.join('→');
				if (!seen.has(key)) {
					seen.add(key);
					cycles.push([...canonical, canonical[0]!]);
				}
			} else if (s === undefined) {
				visit(next);
			}
		}
		stack.pop();
		state.set(node, 'done');
	};
	for (const node of [...graph.keys()].sort()) {
		if (!state.has(node)) {
			visit(node);
		}
	}
	return cycles;
}

export function topologicalLayers(graph: ReadonlyMap<string, readonly string[]>): LayerResult {
	const remaining = new Map<string, Set<string>>();
	for (const [node, deps] of graph) {
		remaining.set(node, new Set(deps.filter((d) => graph.has(d) && d !== node)));
	}
	const layers: string[][] = [];
	for (;;) {
		const ready = [...remaining.entries()].filter(([, deps]) => deps.size === 0).map(([node]) => node).sort();
		if (ready.length === 0) {
			break;
		}
		layers.push(ready);
		for (const node of ready) {
			remaining.delete(node);
		}
		for (const deps of remaining.values()) {
			for (const node of ready) {
				deps.delete(node);
			}
		}
	}
	const blocked = [...remaining.keys()].sort();
	return { layers, cycles: blocked.length > 0 ? findCycles(graph) : [], blocked };
}
