import { invertEdits } from '../../../src/core/canvas/graphEdits';
import { type TraceHighlight, traceHighlight } from '../../../src/core/canvas/traceHighlight';
import { UndoStack } from '../../../src/core/canvas/undoStack';
import type {
	CanvasDiff,
	CanvasEdit,
	CanvasPersistedState,
	CanvasToHostMessage,
	CanvasVersionInfo,
	CanvasView,
	CanvasViewport,
	HostToCanvasMessage,
} from '../../../src/core/protocol/canvasMessages';
import type { StpaGraph, StpaNode } from '../../../src/core/store/schemas/stpaGraph';
import { TraceGraph } from '../../../src/core/store/traceGraph';
import type { VsCodeApi } from '../shared/vscodeApi';

export type Change = 'model' | 'selection' | 'trace' | 'view' | 'status' | 'centre';

/** The canvas's state: the model from the host, the view, selection, trace and undo history. */
export class CanvasApp {
	graph: StpaGraph = { schemaVersion: 1, nodes: [], edges: [] };
	traces = new TraceGraph(this.graph);
	byId = new Map<string, StpaNode>();
	head: string | null = null;
	versions: CanvasVersionInfo[] = [];
	problems: string[] = [];
	diff: CanvasDiff | undefined;
	view: CanvasView;
	selection: string | undefined;
	traceOf: string | undefined;
	highlight: TraceHighlight | undefined;
	viewport: CanvasViewport | undefined;
	status = '';
	loaded = false;
	readonly undo = new UndoStack();
	private readonly listeners: Array<(change: Change) => void> = [];

	constructor(private readonly api: VsCodeApi<CanvasToHostMessage, CanvasPersistedState>) {
		const saved = api.getState();
		this.view = saved?.view ?? 'graph';
		this.viewport = saved?.viewport;
		this.selection = saved?.selection;
		this.traceOf = saved?.traceOf;
	}

	onChange(listener: (change: Change) => void): void {
		this.listeners.push(listener);
	}

	private emit(change: Change): void {
		for (const l of this.listeners) {
			l(change);
		}
	}

	post(message: CanvasToHostMessage): void {
		this.api.postMessage(message);
	}

	persist(): void {
		this.api.setState({ view: this.view, viewport: this.viewport, selection: this.selection, traceOf: this.traceOf });
	}

	receive(message: HostToCanvasMessage): void {
		switch (message.type) {
			case 'model':
				this.graph = message.graph;
				this.traces = new TraceGraph(message.graph);
				this.byId = new Map(message.graph.nodes.map((n) => [n.id, n]));
				this.head = message.head;
				this.versions = message.versions;
				this.problems = message.problems;
				this.diff = message.diff;
				this.loaded = true;
				if (this.selection && !this.byId.has(this.selection)) {
					this.selection = undefined;
				}
				this.recomputeTrace();
				this.emit('model');
				break;
			case 'focus':
				if (this.byId.has(message.nodeId)) {
					this.select(message.nodeId, true);
					if (message.mode === 'trace') {
						this.showTrace(message.nodeId);
					}
				} else {
					this.setStatus(`${message.nodeId} is not in the analysis.`);
				}
				break;
			case 'editResult':
				if (!message.ok) {
					this.undo.dropLast();
					this.setStatus(`The store refused the change: ${message.error ?? 'unknown error'}`);
				}
				break;
			case 'exported':
				this.setStatus(message.fileName ? `Saved ${message.fileName}.` : `Export (${message.format}) cancelled.`);
				break;
		}
	}

	setStatus(text: string): void {
		this.status = text;
		this.emit('status');
	}

	setView(view: CanvasView): void {
		this.view = view;
		this.persist();
		this.emit('view');
	}

	select(id: string | undefined, centre = false): void {
		this.selection = id;
		this.persist();
		this.emit('selection');
		if (centre) {
			this.emit('centre');
		}
	}

	/** Shows the trace of `id` (the selection when omitted); `clearTrace` hides it. */
	showTrace(id: string | undefined = this.selection): void {
		this.setTrace(id);
	}

	clearTrace(): void {
		this.setTrace(undefined);
	}

	private setTrace(id: string | undefined): void {
		performance.mark('canvas-trace-start');
		this.traceOf = id;
		this.recomputeTrace();
		this.persist();
		this.emit('trace');
	}

	private recomputeTrace(): void {
		this.highlight = this.traceOf && this.traces.nodes.has(this.traceOf) ? traceHighlight(this.traces, this.traceOf) : undefined;
		if (!this.highlight) {
			this.traceOf = undefined;
		}
	}

	/** Sends one user action to the host, which writes it as a new version; remembers how to undo it. */
	edit(edits: CanvasEdit[], message: string): void {
		let inverse: CanvasEdit[];
		try {
			inverse = invertEdits(this.graph, edits);
		} catch (error) {
			this.setStatus(`Not changed: ${error instanceof Error ? error.message : String(error)}`);
			return;
		}
		this.undo.push({ message, forward: edits, inverse });
		this.post({ type: 'edit', edits, message, baseHead: this.head });
	}

	undoLast(): void {
		const step = this.undo.undo();
		if (step) {
			this.post({ type: 'edit', edits: [...step.edits], message: step.message, baseHead: this.head });
		}
	}

	redoLast(): void {
		const step = this.undo.redo();
		if (step) {
			this.post({ type: 'edit', edits: [...step.edits], message: step.message, baseHead: this.head });
		}
	}
}
