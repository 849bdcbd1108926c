// The layout web worker: runs elkjs's layered algorithm off the UI thread.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { LayoutRequest, LayoutResponse } from '../../../src/core/protocol/canvasMessages';

interface WorkerScope {
	onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
	postMessage(message: LayoutResponse): void;
}

const scope = self as unknown as WorkerScope;
const elk = new ELK();

/** Above this many nodes the layering and ordering steps switch to their linear-time variants. */
export const LARGE_VIEW = 800;

/**
 * Layered layout settings. One thoroughness pass and polyline edges always; for large views the
 * longest-path layering and the input order for crossings keep 2,000 nodes near one second.
 */
function options(request: LayoutRequest): Record<string, string> {
	const large = request.nodes.length > LARGE_VIEW;
	return {
		'elk.algorithm': 'layered',
		'elk.direction': request.direction,
		'elk.spacing.nodeNode': '28',
		'elk.layered.spacing.nodeNodeBetweenLayers': '56',
		'elk.edgeRouting': 'POLYLINE',
		'elk.layered.thoroughness': '1',
		'elk.layered.nodePlacement.strategy': 'SIMPLE',
		'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
		'elk.separateConnectedComponents': 'false',
		// Small views keep one row per node kind (partitions); large ones trade that for speed.
		...(large ? { 'elk.layered.layering.strategy': 'LONGEST_PATH', 'elk.layered.crossingMinimization.strategy': 'INTERACTIVE' } : { 'elk.partitioning.activate': 'true' }),
	};
}

async function layout(request: LayoutRequest): Promise<LayoutResponse> {
	const started = performance.now();
	const maxLayer = Math.max(0, ...request.nodes.map((n) => n.layer));
	const graph: ElkNode = {
		id: 'root',
		layoutOptions: options(request),
		// Sorted by row so that the input order (used for crossings on large views) is already sensible.
		children: [...request.nodes]
			.sort((a, b) => (request.direction === 'UP' ? b.layer - a.layer : a.layer - b.layer))
			.map((n) => ({ id: n.id, width: n.width, height: n.height, layoutOptions: { 'elk.partitioning.partition': String(request.direction === 'UP' ? maxLayer - n.layer : n.layer) } })),
		edges: request.edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
	};
	const result = await elk.layout(graph);
	const positions: Record<string, { x: number; y: number }> = {};
	for (const child of result.children ?? []) {
		positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
	}
	const edges = (result.edges ?? []).flatMap((e) => {
		const section = e.sections?.[0];
		if (!section) {
			return [];
		}
		const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].flatMap((p) => [p.x, p.y]);
		return [{ source: e.sources[0]!, target: e.targets[0]!, points }];
	});
	return { seq: request.seq, positions, edges, ms: performance.now() - started, engine: 'elkjs' };
}

// Warm elkjs up while the canvas waits for its model: the first layout pays for compilation.
const warmUp = layout({
	seq: 0,
	direction: 'UP',
	nodes: Array.from({ length: 40 }, (_, i) => ({ id: `w${i}`, width: 100, height: 40, layer: i % 5 })),
	edges: Array.from({ length: 39 }, (_, i) => ({ source: `w${i + 1}`, target: `w${Math.floor(i / 2)}` })),
}).catch(() => undefined);

scope.onmessage = (event) => {
	const request = event.data;
	warmUp.then(() => layout(request)).then(
		(response) => scope.postMessage(response),
		(error: unknown) => scope.postMessage({ seq: request.seq, positions: {}, edges: [], ms: 0, engine: 'elkjs', error: String(error) }),
	);
};
