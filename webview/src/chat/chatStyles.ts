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
`;
