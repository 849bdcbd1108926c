/** The VS Code webview API, typed with the messages this webview may send. */
export interface VsCodeApi<Outgoing, State> {
	postMessage(message: Outgoing): void;
	getState(): State | undefined;
	setState(state: State): void;
}

declare function acquireVsCodeApi<Outgoing, State>(): VsCodeApi<Outgoing, State>;

export function getVsCodeApi<Outgoing, State>(): VsCodeApi<Outgoing, State> {
	return acquireVsCodeApi<Outgoing, State>();
}

/** Creates an element with text content only: model or file text is never parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (text !== undefined) {
		node.textContent = text;
	}
	if (className) {
		node.className = className;
	}
	return node;
}

/** Adds a stylesheet carrying the page's CSP nonce. */
export function addStyle(css: string): void {
	const style = document.createElement('style');
	style.nonce = document.body.dataset.nonce ?? '';
	style.textContent = css;
	document.head.append(style);
}
