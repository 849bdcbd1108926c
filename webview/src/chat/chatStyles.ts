/** Styles of the chat view; colours come from the VS Code theme variables. */
export const chatStyles = `
body { padding: 0 12px 12px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
h2 { font-size: 1.05em; margin: 12px 0 6px; text-transform: uppercase; letter-spacing: .04em; }
.counts { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin-bottom: 8px; }
.count { padding: 1px 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.count.error { background: var(--vscode-editorError-foreground); color: var(--vscode-editor-background); }
.count.warning { background: var(--vscode-editorWarning-foreground); color: var(--vscode-editor-background); }
.actions { display: flex; gap: 6px; margin: 6px 0; }
.status { min-height: 1.2em; opacity: .85; }
.status.busy::before { content: '⏳ '; }
.finding-list { list-style: none; padding: 0; margin: 6px 0; max-height: 40vh; overflow: auto; }
.finding-list li { margin: 3px 0; word-break: break-word; }
.finding-list a { color: var(--vscode-textLink-foreground); }
.log { margin: 8px 0; display: flex; flex-direction: column; gap: 8px; }
.entry p { margin: 2px 0 0; white-space: pre-wrap; }
.entry .who { font-weight: 600; }
.entry.notice { opacity: .85; font-style: italic; }
.composer { display: flex; flex-direction: column; gap: 6px; }
.entry .body p { margin: 2px 0 4px; white-space: pre-wrap; }
.entry.streaming .body::after { content: '▍'; opacity: .6; }
.entry code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
.code-block { margin: 6px 0; border: 1px solid var(--vscode-panel-border); border-radius: 4px; }
.code-bar { display: flex; gap: 6px; align-items: center; padding: 2px 6px; background: var(--vscode-editorGroupHeader-tabsBackground); }
.code-bar span { flex: 1; opacity: .8; }
.code-bar button { background: none; border: none; color: var(--vscode-textLink-foreground); cursor: pointer; }
.code-block pre, .approval pre { margin: 0; padding: 6px; overflow: auto; font-family: var(--vscode-editor-font-family); }
.node-ref, .md-link { color: var(--vscode-textLink-foreground); }
.tool-list { list-style: none; padding: 0; margin: 2px 0; }
.tool-list li { margin: 2px 0; }
.tool-state { display: inline-block; width: 1.2em; }
.tool.error .tool-state { color: var(--vscode-errorForeground); }
.tool.ok .tool-state { color: var(--vscode-testing-iconPassed); }
.tool-detail { opacity: .8; margin-left: 1.2em; white-space: pre-wrap; }
.approval { border-left: 3px solid var(--vscode-editorWarning-foreground); padding-left: 6px; }
.approval.approved { border-color: var(--vscode-testing-iconPassed); }
.approval.rejected { border-color: var(--vscode-errorForeground); }
.diff .add { color: var(--vscode-gitDecoration-addedResourceForeground); }
.diff .del { color: var(--vscode-gitDecoration-deletedResourceForeground); }
.stage, .usage { opacity: .85; font-size: .92em; min-height: 1.1em; }
.usage { background: linear-gradient(to right, var(--vscode-progressBar-background) var(--context-share, 0%), transparent 0) bottom / 100% 2px no-repeat; }
.chat-bar { margin-top: 8px; }
.history { border: 1px solid var(--vscode-panel-border); border-radius: 4px; padding: 6px; margin: 6px 0; max-height: 45vh; overflow: auto; }
.history vscode-textfield { width: 100%; }
.history-list { list-style: none; padding: 0; margin: 6px 0 0; }
.history-list li { padding: 4px 0; border-bottom: 1px solid var(--vscode-panel-border); }
.history-list li.current .open-conversation { font-weight: 600; }
.open-conversation { background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground); cursor: pointer; text-align: left; font: inherit; word-break: break-word; }
.open-conversation:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
.history-list .meta, .history-empty { opacity: .8; font-size: .92em; }
.history-list .actions { flex-wrap: wrap; }
.rename-form vscode-textfield { flex: 1; }
vscode-button.confirming { --vscode-button-secondaryBackground: var(--vscode-inputValidation-errorBackground); }
.arena-scroll { overflow-x: auto; }
.arena-table { border-collapse: collapse; margin: 4px 0; font-size: .92em; }
.arena-table th, .arena-table td { border: 1px solid var(--vscode-panel-border); padding: 2px 6px; text-align: left; white-space: nowrap; }
.arena-table tr.winner td { background: var(--vscode-list-inactiveSelectionBackground); }
.arena-table tr.failed { opacity: .75; }
.arena-error { white-space: normal; color: var(--vscode-errorForeground); }
.verification.passed { color: var(--vscode-testing-iconPassed); }
.verification.failed { color: var(--vscode-errorForeground); }
.arena-rule { opacity: .8; font-size: .9em; }
blockquote { margin: 4px 0; padding-left: 8px; border-left: 2px solid var(--vscode-textBlockQuote-border); }
`;
