import type { CanvasToHostMessage, CanvasVersionInfo, HostToCanvasMessage } from '../protocol/canvasMessages';
import type { AnalysisStore, Author } from '../store/analysisStore';
import { diffGraphs } from '../store/diff';
import type { Layout } from '../store/schemas/layout';
import { edgeKey, type StpaGraph } from '../store/schemas/stpaGraph';
import { applyEdits } from './graphEdits';

const EMPTY: StpaGraph = { schemaVersion: 1, nodes: [], edges: [] };
type EditMessage = Extract<CanvasToHostMessage, { type: 'edit' }>;

/**
 * The host side of one canvas, without VS Code: what model to send, and every edit written to
 * the store as a new version by the user. A compared version stays until the user picks another.
 */
export class CanvasSession {
	comparedVersion: string | null = null;

	constructor(
		private readonly store: AnalysisStore,
		private readonly author: Author,
	) {}

	/** The `model` message: the head graph (plus the removed nodes while a version is compared). */
	async model(): Promise<HostToCanvasMessage> {
		const { documents, problems } = await this.store.readAll();
		const head = await this.store.head();
		const graph = documents.stpa ?? EMPTY;
		const messages = problems.map((p) => p.message);
		let versions: CanvasVersionInfo[] = [];
		try {
			versions = (await this.store.listVersions()).slice(0, 200).map((v) => ({ id: v.id, time: v.time, author: `${v.author.name} (${v.author.kind})`, message: v.message }));
		} catch (error) {
			messages.push(`Version history: ${error instanceof Error ? error.message : String(error)}`);
		}
		const base = { type: 'model' as const, layout: documents.layout, head, versions, problems: messages };
		if (!this.comparedVersion) {
			return { ...base, graph };
		}
		const before = (await this.store.readAt(this.comparedVersion, 'stpa')) ?? EMPTY;
		const d = diffGraphs(before, graph);
		const shown = new Set(graph.nodes.map((n) => n.id));
		const removed = d.nodesRemoved.filter((n) => !shown.has(n.id));
		const keep = new Set([...shown, ...removed.map((n) => n.id)]);
		const edgeKeys = new Set(graph.edges.map(edgeKey));
		const oldEdges = before.edges.filter((e) => !edgeKeys.has(edgeKey(e)) && keep.has(e.source) && keep.has(e.target));
		return {
			...base,
			graph: { ...graph, nodes: [...graph.nodes, ...removed], edges: [...graph.edges, ...oldEdges] },
			diff: { versionId: this.comparedVersion, added: d.nodesAdded.map((n) => n.id), removed: removed.map((n) => n.id), changed: d.nodesChanged.map((c) => c.id) },
		};
	}

	/** Writes one user action as a new version; the store validates it and refuses a stale base. */
	async edit(message: EditMessage): Promise<{ ok: true; version: string } | { ok: false; error: string }> {
		try {
			const graph = (await this.store.read('stpa')) ?? EMPTY;
			const next = applyEdits(graph, message.edits);
			const version = await this.store.write({ stpa: next }, { author: this.author, message: message.message || 'Edit in the trace canvas', expectedHead: message.baseHead });
			return { ok: true, version: version.id };
		} catch (error) {
			return { ok: false, error: error instanceof Error ? error.message : String(error) };
		}
	}

	async graph(): Promise<StpaGraph> {
		return (await this.store.read('stpa')) ?? EMPTY;
	}

	async layout(): Promise<Layout | undefined> {
		return this.store.read('layout');
	}
}
