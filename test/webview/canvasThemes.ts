import type { Page } from 'playwright-core';

/** A subset of VS Code's theme variables, as VS Code sets them on a webview's <html>. */
const LIGHT: Record<string, string> = {
	'--vscode-font-family': 'Liberation Sans, sans-serif',
	'--vscode-font-size': '13px',
	'--vscode-foreground': '#3b3b3b',
	'--vscode-editor-background': '#ffffff',
	'--vscode-editor-foreground': '#3b3b3b',
	'--vscode-descriptionForeground': '#717171',
	'--vscode-focusBorder': '#005fb8',
	'--vscode-panel-border': '#e5e5e5',
	'--vscode-editorWidget-background': '#f8f8f8',
	'--vscode-editorWidget-border': '#c8c8c8',
	'--vscode-list-hoverBackground': '#f2f2f2',
	'--vscode-list-activeSelectionBackground': '#e8e8e8',
	'--vscode-list-activeSelectionForeground': '#000000',
	'--vscode-textLink-foreground': '#005fb8',
	'--vscode-editorWarning-foreground': '#bf8803',
	'--vscode-errorForeground': '#f85149',
	'--vscode-charts-orange': '#d18616',
	'--vscode-charts-green': '#388a34',
	'--vscode-charts-red': '#e51400',
	'--vscode-charts-yellow': '#bf8803',
	'--vscode-editorIndentGuide-activeBackground1': '#939393',
	'--vscode-button-background': '#005fb8',
	'--vscode-button-foreground': '#ffffff',
	'--vscode-button-secondaryBackground': '#e5e5e5',
	'--vscode-button-secondaryForeground': '#3b3b3b',
	'--vscode-input-background': '#ffffff',
	'--vscode-input-foreground': '#3b3b3b',
	'--vscode-input-border': '#cecece',
	'--vscode-dropdown-background': '#ffffff',
	'--vscode-dropdown-foreground': '#3b3b3b',
	'--vscode-dropdown-border': '#cecece',
	'--vscode-settings-textInputBackground': '#ffffff',
	'--vscode-settings-textInputForeground': '#3b3b3b',
	'--vscode-settings-textInputBorder': '#cecece',
	'--vscode-settings-dropdownBackground': '#ffffff',
	'--vscode-settings-dropdownForeground': '#3b3b3b',
	'--vscode-settings-dropdownBorder': '#cecece',
	'--vscode-settings-dropdownListBorder': '#c8c8c8',
	'--vscode-input-placeholderForeground': '#767676',
	'--vscode-button-hoverBackground': '#0258a8',
	'--vscode-button-secondaryHoverBackground': '#cccccc',
	'--vscode-widget-shadow': '#00000029',
};

const DARK: Record<string, string> = {
	...LIGHT,
	'--vscode-foreground': '#cccccc',
	'--vscode-editor-background': '#1f1f1f',
	'--vscode-editor-foreground': '#cccccc',
	'--vscode-descriptionForeground': '#9d9d9d',
	'--vscode-focusBorder': '#0078d4',
	'--vscode-panel-border': '#2b2b2b',
	'--vscode-editorWidget-background': '#202020',
	'--vscode-editorWidget-border': '#454545',
	'--vscode-list-hoverBackground': '#2a2d2e',
	'--vscode-list-activeSelectionBackground': '#04395e',
	'--vscode-list-activeSelectionForeground': '#ffffff',
	'--vscode-textLink-foreground': '#4daafc',
	'--vscode-editorWarning-foreground': '#cca700',
	'--vscode-charts-orange': '#d18616',
	'--vscode-charts-green': '#89d185',
	'--vscode-charts-red': '#f14c4c',
	'--vscode-charts-yellow': '#cca700',
	'--vscode-editorIndentGuide-activeBackground1': '#707070',
	'--vscode-button-background': '#0078d4',
	'--vscode-button-secondaryBackground': '#313131',
	'--vscode-button-secondaryForeground': '#cccccc',
	'--vscode-input-background': '#313131',
	'--vscode-input-foreground': '#cccccc',
	'--vscode-input-border': '#3c3c3c',
	'--vscode-dropdown-background': '#313131',
	'--vscode-dropdown-foreground': '#cccccc',
	'--vscode-dropdown-border': '#3c3c3c',
	'--vscode-settings-textInputBackground': '#313131',
	'--vscode-settings-textInputForeground': '#cccccc',
	'--vscode-settings-textInputBorder': '#3c3c3c',
	'--vscode-settings-dropdownBackground': '#313131',
	'--vscode-settings-dropdownForeground': '#cccccc',
	'--vscode-settings-dropdownBorder': '#3c3c3c',
	'--vscode-settings-dropdownListBorder': '#454545',
	'--vscode-input-placeholderForeground': '#989898',
	'--vscode-button-hoverBackground': '#026ec1',
	'--vscode-button-secondaryHoverBackground': '#3c3c3c',
	'--vscode-widget-shadow': '#0000005c',
};

/** Applies a light or dark theme the way VS Code does: variables on <html>, a class on <body>. */
export async function applyTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
	const vars = theme === 'light' ? LIGHT : DARK;
	await page.evaluate(
		({ vars, theme }) => {
			for (const [k, v] of Object.entries(vars)) {
				document.documentElement.style.setProperty(k, v);
			}
			document.body.classList.remove('vscode-light', 'vscode-dark');
			document.body.classList.add(theme === 'light' ? 'vscode-light' : 'vscode-dark');
		},
		{ vars, theme },
	);
}
