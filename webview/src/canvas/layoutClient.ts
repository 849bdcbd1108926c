import { layeredLayout } from '../../../src/core/canvas/layeredLayout';
import type { LayoutRequest, LayoutResponse } from '../../../src/core/protocol/canvasMessages';

type Pending = (response: LayoutResponse) => void;

/**
 * Runs layouts in the elkjs web worker (loaded from the extension's own URI, which the CSP
 * allows). When the worker cannot start or fails, the quick layered layout runs here instead.
 */
export class LayoutClient {
	private worker: Worker | undefined;
	private seq = 0;
	private readonly pending = new Map<number, { resolve: Pending; request: LayoutRequest }>();
	/** 'worker' while elkjs answers, 'fallback' once it could not (or there is none). */
	engine: 'starting' | 'worker' | 'fallback' = 'fallback';

	constructor(workerUrl: string | undefined) {
		if (workerUrl) {
			this.engine = 'starting';
			this.start(workerUrl).catch(() => this.giveUp());
		}
	}

	/**
	 * Starts the worker from the extension's own URI. VS Code serves webview resources from another
	 * origin than the webview's document, and a worker must be same-origin: there the script is
	 * fetched from that same URI and started from a blob (the CSP allows `blob:` workers, which only
	 * the page's nonce scripts can create).
	 */
	private async start(workerUrl: string, viaBlob = false): Promise<void> {
		let worker: Worker;
		if (viaBlob) {
			const response = await fetch(workerUrl);
			if (!response.ok) {
				throw new Error(`layout worker: HTTP ${response.status}`);
			}
			worker = new Worker(URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' })));
		} else {
			try {
				worker = new Worker(workerUrl);
			} catch {
				return this.start(workerUrl, true);
			}
		}
		let answered = false;
		worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
			answered = true;
			this.answer(event.data);
		};
		worker.onerror = (event) => {
			event.preventDefault();
			worker.terminate();
			if (!answered && !viaBlob) {
				// Refused (another origin, or the CSP): try the same script as a blob.
				this.worker = undefined;
				this.engine = 'starting';
				this.start(workerUrl, true).catch(() => this.giveUp());
			} else {
				this.giveUp();
			}
		};
		this.worker = worker;
		this.engine = 'worker';
		for (const { request } of this.pending.values()) {
			worker.postMessage(request);
		}
	}

	/** The quick layered layout, here and now (milliseconds even for thousands of nodes). */
	quick(request: Omit<LayoutRequest, 'seq'>): LayoutResponse {
		return layeredLayout({ ...request, seq: 0 });
	}

	layout(request: Omit<LayoutRequest, 'seq'>): Promise<LayoutResponse> {
		const full: LayoutRequest = { ...request, seq: ++this.seq };
		if (!this.worker && !this.starting) {
			return Promise.resolve(layeredLayout(full));
		}
		return new Promise((resolve) => {
			this.pending.set(full.seq, { resolve, request: full });
			// While the worker is still starting, `start` sends what is pending.
			this.worker?.postMessage(full);
		});
	}

	private get starting(): boolean {
		return this.engine === 'starting';
	}

	private answer(response: LayoutResponse): void {
		const entry = this.pending.get(response.seq);
		if (!entry) {
			return;
		}
		this.pending.delete(response.seq);
		entry.resolve(response.error ? layeredLayout(entry.request) : response);
	}

	private giveUp(): void {
		this.worker?.terminate();
		this.worker = undefined;
		this.engine = 'fallback';
		for (const { resolve, request } of this.pending.values()) {
			resolve(layeredLayout(request));
		}
		this.pending.clear();
	}
}
