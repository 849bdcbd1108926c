import * as vscode from 'vscode';
import { exportGraph } from '../core/canvas/canvasExport';
import type { CanvasSession } from '../core/canvas/canvasSession';
import type { CanvasToHostMessage } from '../core/protocol/canvasMessages';

type Msg<T extends CanvasToHostMessage['type']> = Extract<CanvasToHostMessage, { type: T }>;

/** A workspace-relative path from the model, or undefined when it would leave the folder. */
function inside(root: vscode.Uri, relative: string): vscode.Uri | undefined {
	const parts = relative.split(/[\\/]/);
	if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative) || parts.includes('..')) {
		return undefined;
	}
	return vscode.Uri.joinPath(root, ...parts);
}

/** Opens a code-anchored node's file at its line, or at its function when only that is known. */
export async function openAnchor(root: vscode.Uri, message: Msg<'openAnchor'>): Promise<void> {
	const uri = inside(root, message.file);
	if (!uri) {
		void vscode.window.showWarningMessage(`Rampart: ${message.file} is outside the workspace.`);
		return;
	}
	const doc = await vscode.workspace.openTextDocument(uri);
	let line = message.line ? message.line - 1 : 0;
	if (!message.line && message.function) {
		const text = doc.getText();
		const name = message.function.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const match = new RegExp(`(function\\s+${name}\\b|def\\s+${name}\\b|\\b${name}\\s*[(=:])`).exec(text);
		if (match) {
			line = doc.positionAt(match.index).line;
		}
	}
	const position = new vscode.Position(Math.min(line, doc.lineCount - 1), 0);
	await vscode.window.showTextDocument(doc, { selection: new vscode.Range(position, position), preview: false });
}

async function saveAs(root: vscode.Uri, fileName: string, content: Uint8Array): Promise<string | undefined> {
	const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(root, fileName), saveLabel: 'Export' });
	if (!target) {
		return undefined;
	}
	await vscode.workspace.fs.writeFile(target, content);
	return vscode.workspace.asRelativePath(target);
}

/** Exports the graph (or the view's nodes) with the store's exporter for the format. */
export async function exportCanvas(root: vscode.Uri, session: CanvasSession, message: Msg<'export'>): Promise<string | undefined> {
	const file = exportGraph(message.format, await session.graph(), await session.layout(), message.nodeIds);
	return saveAs(root, file.fileName, new TextEncoder().encode(file.content));
}

/** Saves the SVG or PNG of the current view the webview made. */
export async function saveImage(root: vscode.Uri, message: Msg<'saveImage'>): Promise<string | undefined> {
	const bytes = message.format === 'svg' ? new TextEncoder().encode(message.data) : Buffer.from(message.data, 'base64');
	return saveAs(root, `stpa-sec-view.${message.format}`, bytes);
}
