import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportGraph } from '../../src/core/canvas/canvasExport';
import { applyEdits } from '../../src/core/canvas/graphEdits';
import type { CanvasToHostMessage, HostToCanvasMessage } from '../../src/core/protocol/canvasMessages';
import { parseCanvasToHostMessage } from '../../src/core/protocol/canvasMessages';
import { type StpaGraph, stpaGraphSchema } from '../../src/core/store/schemas/stpaGraph';
import { repoRoot } from '../support/fixtureCorpus';
import type { WebviewPage } from './webviewPage';

export const shopfront = (): StpaGraph => stpaGraphSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/store/shopfront.stpa-sec.json'), 'utf8')));

/**
 * A host stub for the canvas: answers the webview's typed messages the way the panel does
 * (validated edits become a new graph, exports come from the store's exporters).
 */
export class CanvasHostStub {
	graph: StpaGraph;
	head = 'a'.repeat(64);
	readonly received: CanvasToHostMessage[] = [];
	readonly files = new Map<string, string>();
	private seen = 0;

	constructor(
		private readonly view: WebviewPage,
		graph: StpaGraph = shopfront(),
	) {
		this.graph = graph;
	}

	model(): HostToCanvasMessage {
		return { type: 'model', graph: this.graph, head: this.head, versions: [{ id: this.head, time: '2026-01-01T00:00:00Z', author: 'user', message: 'initial' }], problems: [] };
	}

	/** Handles every message the webview sent since the last call; returns them. */
	async pump(): Promise<CanvasToHostMessage[]> {
		const all = await this.view.sent();
		const fresh = all.slice(this.seen);
		this.seen = all.length;
		const out: CanvasToHostMessage[] = [];
		for (const raw of fresh) {
			const m = parseCanvasToHostMessage(raw);
			if (!m) {
				throw new Error(`the webview sent an invalid message: ${JSON.stringify(raw)}`);
			}
			out.push(m);
			this.received.push(m);
			if (m.type === 'ready') {
				await this.view.post(this.model());
			} else if (m.type === 'edit') {
				const next = stpaGraphSchema.safeParse(applyEdits(this.graph, m.edits));
				if (next.success) {
					this.graph = next.data;
					this.head = (Number.parseInt(this.head.slice(0, 8), 16) + 1).toString(16).padStart(64, '0');
					await this.view.post(this.model());
				} else {
					await this.view.post({ type: 'editResult', ok: false, error: next.error.issues[0]?.message });
				}
			} else if (m.type === 'export') {
				const file = exportGraph(m.format, this.graph, undefined, m.nodeIds);
				this.files.set(file.fileName, file.content);
				await this.view.post({ type: 'exported', format: m.format, fileName: file.fileName });
			} else if (m.type === 'saveImage') {
				this.files.set(`view.${m.format}`, m.data);
			}
		}
		return out;
	}
}
