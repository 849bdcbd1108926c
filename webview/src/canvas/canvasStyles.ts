/** Styles of the trace canvas; every colour comes from VS Code's theme variables. */
export const canvasStyles = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); }
#root { display: grid; grid-template-rows: auto 1fr auto; height: 100vh; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.toolbar .views, .toolbar .group { display: flex; gap: 4px; align-items: center; flex-wrap: wrap; }
.search { position: relative; }
.search-results { position: absolute; z-index: 5; list-style: none; margin: 2px 0; padding: 0; min-width: 260px; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-editorWidget-border, var(--vscode-focusBorder)); }
.search-results:empty { display: none; }
.search-results li { padding: 3px 8px; cursor: pointer; }
.search-results li:hover { background: var(--vscode-list-hoverBackground); }
.export { position: relative; }
.export-menu { position: absolute; right: 0; z-index: 5; display: flex; flex-direction: column; gap: 4px; padding: 6px; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-editorWidget-border, var(--vscode-focusBorder)); }
.export-menu[hidden] { display: none; }
main { display: grid; grid-template-columns: 1fr 320px; min-height: 0; }
.view-host { position: relative; min-width: 0; min-height: 0; overflow: auto; }
.graph-view { position: absolute; inset: 0; }
#graph-canvas { width: 100%; height: 100%; display: block; outline: none; cursor: grab; }
#graph-canvas:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.zoom-level { position: absolute; right: 10px; top: 8px; padding: 1px 6px; color: var(--vscode-descriptionForeground); background: var(--vscode-editorWidget-background); border-radius: 3px; font-size: .85em; }
.overview { position: absolute; right: 10px; bottom: 10px; border: 1px solid var(--vscode-widget-border, var(--vscode-focusBorder)); cursor: pointer; }
aside { border-left: 1px solid var(--vscode-panel-border, transparent); overflow: auto; padding: 8px 10px; display: flex; flex-direction: column; gap: 12px; }
aside h3 { margin: 4px 0 6px; font-size: 1.05em; }
aside h4 { margin: 8px 0 4px; }
.fields { display: grid; grid-template-columns: 1fr; gap: 2px; }
.fields label { color: var(--vscode-descriptionForeground); margin-top: 4px; }
.fields vscode-textfield, .fields vscode-textarea, .fields vscode-single-select { width: 100%; }
.actions { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 8px; }
.rel-list { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 4px; }
.rel-list li, .rel-add { display: flex; gap: 4px; align-items: center; flex-wrap: wrap; }
.rel-kind { color: var(--vscode-descriptionForeground); }
.hint { color: var(--vscode-descriptionForeground); }
.warning { color: var(--vscode-editorWarning-foreground); border-left: 3px solid var(--vscode-editorWarning-foreground); padding-left: 6px; }
.trace-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
a, .chip, .node-link, .cell-item, .clear-trace { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
.breadcrumbs { padding-left: 18px; margin: 0; display: flex; flex-direction: column; gap: 4px; }
.chip { border: 1px solid var(--vscode-charts-orange); border-radius: 8px; padding: 0 5px; }
.chip.anchored { text-decoration: underline; }
.highlighted { color: var(--vscode-descriptionForeground); font-size: .9em; word-break: break-word; }
.legend-list { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: 1fr; gap: 3px; }
.legend-list li { display: flex; align-items: center; gap: 6px; }
.table-view, .matrix-view { padding: 8px 12px; }
.table-bar { display: flex; gap: 6px; margin-bottom: 8px; }
.data-table { border-collapse: collapse; width: 100%; }
.data-table th, .data-table td { border: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, #8884)); padding: 4px 6px; text-align: left; vertical-align: top; }
.data-table thead th { background: var(--vscode-editorWidget-background); cursor: pointer; position: sticky; top: 0; }
.data-table tbody tr:hover { background: var(--vscode-list-hoverBackground); }
.data-table tr.selected { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
.cell-item { display: block; }
.empty-cell { color: var(--vscode-descriptionForeground); }
.coverage td { text-align: center; cursor: pointer; }
.coverage td.covered { color: var(--vscode-charts-green); font-weight: 600; }
.gap { color: var(--vscode-editorWarning-foreground); }
.status { padding: 3px 10px; border-top: 1px solid var(--vscode-panel-border, transparent); color: var(--vscode-descriptionForeground); min-height: 1.4em; }
.context-menu { position: fixed; z-index: 10; display: flex; flex-direction: column; gap: 2px; padding: 4px; background: var(--vscode-menu-background, var(--vscode-editorWidget-background)); border: 1px solid var(--vscode-menu-border, var(--vscode-focusBorder)); }
.context-menu[hidden] { display: none; }
.problems { color: var(--vscode-errorForeground); }
`;
