// The agent's WorkspacePort inside VS Code. Reads see what the user sees (an open editor's buffer,
// unsaved changes included); writes go through a WorkspaceEdit and are then saved, so every agent
// edit is one entry on the editor's undo stack and a single Undo takes it back. Listing, stat and
// search read the folder on disk (the extension host runs where the files are).
import * as vscode from 'vscode';
import { NodeWorkspace } from '../../core/agent/nodeWorkspace';
import type { FileStat, ListOptions, ListResult, SearchQuery, SearchResult, WorkspacePort } from '../../core/agent/workspacePort';

export class VscodeWorkspace implements WorkspacePort {
	private readonly disk: NodeWorkspace;

	constructor(private readonly rootUri: vscode.Uri) {
		if (rootUri.scheme !== 'file') {
			throw new Error(`Rampart's agent works on folders on disk; ${rootUri.toString()} is not one.`);
		}
		this.disk = new NodeWorkspace(rootUri.fsPath);
	}

	private uriOf(path: string): vscode.Uri {
		return vscode.Uri.joinPath(this.rootUri, ...path.split('/').filter((s) => s.length > 0));
	}

	private openDocument(path: string): vscode.TextDocument | undefined {
		const target = this.uriOf(path).toString();
		return vscode.workspace.textDocuments.find((d) => d.uri.toString() === target && !d.isClosed);
	}

	async read(path: string): Promise<string> {
		const open = this.openDocument(path);
		return open ? open.getText() : this.disk.read(path);
	}

	async write(path: string, content: string): Promise<void> {
		const uri = this.uriOf(path);
		const exists = (await this.disk.stat(path, { follow: true })) !== undefined;
		const edit = new vscode.WorkspaceEdit();
		const metadata: vscode.WorkspaceEditEntryMetadata = { label: `Rampart agent: ${path}`, needsConfirmation: false };
		if (!exists) {
			edit.createFile(uri, { contents: new TextEncoder().encode(content), ignoreIfExists: false }, metadata);
			if (!(await vscode.workspace.applyEdit(edit))) {
				throw new Error(`VS Code refused to create ${path}.`);
			}
			return;
		}
		const document = this.openDocument(path) ?? (await vscode.workspace.openTextDocument(uri));
		const { start, end, text } = changedSpan(document.getText(), content);
		edit.replace(uri, new vscode.Range(document.positionAt(start), document.positionAt(end)), text, metadata);
		if (!(await vscode.workspace.applyEdit(edit))) {
			throw new Error(`VS Code refused the edit to ${path}.`);
		}
		if (!(await document.save())) {
			throw new Error(`The edit to ${path} was applied in the editor but could not be saved.`);
		}
	}

	list(path: string, options?: ListOptions): Promise<ListResult> {
		return this.disk.list(path, options);
	}

	stat(path: string, options?: { follow?: boolean }): Promise<FileStat | undefined> {
		return this.disk.stat(path, options);
	}

	search(query: SearchQuery): Promise<SearchResult> {
		return this.disk.search(query);
	}
}

/** The smallest span of `before` to replace to get `after` (common prefix and suffix kept), so the
 * editor keeps its cursor, folding and markers outside the change. */
export function changedSpan(before: string, after: string): { start: number; end: number; text: string } {
	let start = 0;
	const max = Math.min(before.length, after.length);
	while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) {
		start++;
	}
	let tail = 0;
	while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) {
		tail++;
	}
	return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}
