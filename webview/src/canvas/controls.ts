import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';

/** Small builders for the @vscode-elements controls the canvas uses. */
export type Valued = HTMLElement & { value: string };

export function button(text: string, id: string, onClick: () => void, secondary = true): HTMLElement {
	const b = document.createElement('vscode-button');
	b.textContent = text;
	b.id = id;
	if (secondary) {
		b.setAttribute('secondary', '');
	}
	b.addEventListener('click', onClick);
	return b;
}

export function select(id: string, options: ReadonlyArray<readonly [string, string]>, value: string): Valued {
	const s = document.createElement('vscode-single-select') as unknown as Valued;
	s.id = id;
	for (const [v, text] of options) {
		const o = document.createElement('vscode-option');
		o.setAttribute('value', v);
		o.textContent = text;
		if (v === value) {
			o.setAttribute('selected', '');
		}
		s.append(o);
	}
	return s;
}

