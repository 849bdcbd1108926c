// The trace canvas as the activation bundle knows it: the command and the panel serializer. The
// panel itself (store, zod, canvas view models) lives in the lazily loaded bundle, dist/llm.js, so
// activation never pays for it.
import * as vscode from 'vscode';
import { loadLlmRuntime } from './llmLoader';

export const traceCanvasViewType = 'rampart.traceCanvas';

export function registerTraceCanvas(context: vscode.ExtensionContext): void {
	context.subscriptions.push(
		vscode.commands.registerCommand('rampart.openTraceCanvas', (args?: unknown) => loadLlmRuntime().TraceCanvasPanel.show(context.extensionUri, args)),
		vscode.window.registerWebviewPanelSerializer(traceCanvasViewType, {
			deserializeWebviewPanel: async (panel) => loadLlmRuntime().TraceCanvasPanel.revive(panel, context.extensionUri),
		}),
	);
}
