/** Colours and font of the current VS Code theme, read from its CSS variables. */
export interface CanvasTheme {
	readonly kind: 'light' | 'dark' | 'highContrast';
	readonly background: string;
	readonly foreground: string;
	readonly muted: string;
	readonly focus: string;
	readonly edge: string;
	readonly highlight: string;
	readonly added: string;
	readonly removed: string;
	readonly changed: string;
	readonly warning: string;
	readonly font: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
	const value = style.getPropertyValue(name).trim();
	return value || fallback;
}

export function readTheme(): CanvasTheme {
	const body = document.body;
	const style = getComputedStyle(body);
	const kind = body.classList.contains('vscode-high-contrast') || body.classList.contains('vscode-high-contrast-light') ? 'highContrast' : body.classList.contains('vscode-light') ? 'light' : 'dark';
	const light = kind === 'light';
	return {
		kind,
		background: cssVar(style, '--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
		foreground: cssVar(style, '--vscode-editor-foreground', light ? '#333333' : '#cccccc'),
		muted: cssVar(style, '--vscode-descriptionForeground', light ? '#717171' : '#9d9d9d'),
		focus: cssVar(style, '--vscode-focusBorder', '#007fd4'),
		edge: cssVar(style, '--vscode-editorIndentGuide-activeBackground1', light ? '#939393' : '#707070'),
		highlight: cssVar(style, '--vscode-charts-orange', '#d18616'),
		added: cssVar(style, '--vscode-charts-green', '#388a34'),
		removed: cssVar(style, '--vscode-charts-red', '#e51400'),
		changed: cssVar(style, '--vscode-charts-yellow', '#bf8803'),
		warning: cssVar(style, '--vscode-editorWarning-foreground', '#bf8803'),
		font: cssVar(style, '--vscode-font-family', 'sans-serif'),
	};
}

/** Calls `onChange` when VS Code switches theme (it changes the body's classes and style). */
export function watchTheme(onChange: () => void): void {
	new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
	new MutationObserver(onChange).observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
