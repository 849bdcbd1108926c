// Issue 5, acceptance 6: an agent edit made in a real VS Code is taken back with a single Undo.
// The agent runs through "Rampart: Run Agent Task" with the real OpenAI SDK against the local
// wire-format server (an openai-compatible profile), edits a file that is open in an editor, and
// the editor's Undo restores the text the user had.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { AgentTaskResult } from '../../../src/vscode/agent/agentTask';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';

const original = ['// agent undo check', 'function greet(name) {', "\treturn 'hello ' + name;", '}', 'module.exports = { greet };', ''].join('\n');
const oldText = "\treturn 'hello ' + name;";
const newText = "\treturn `hello ${String(name).slice(0, 64)}`;";

describe('Rampart agent in VS Code', () => {
	let server: LlmServer;
	const config = () => vscode.workspace.getConfiguration('rampart');

	before(async () => {
		server = await startLlmServer({
			script: (request, index) =>
				index === 0
					? { reply: { text: 'Tightening greet.', toolCalls: [{ id: 'call_edit', name: 'edit_file', arguments: JSON.stringify({ path: 'agent-undo.js', old_text: oldText, new_text: newText }) }] } }
					: { reply: { toolCalls: [{ id: 'call_finish', name: 'finish', arguments: JSON.stringify({ summary: `done after ${request.messages.length} messages` }) }] } },
		});
		await config().update('providers', [{ id: 'e2e-local', kind: 'openai-compatible', model: 'scripted-model', baseUrl: server.openAiBaseUrl }], vscode.ConfigurationTarget.Global);
		await config().update('llm.activeProfile', 'e2e-local', vscode.ConfigurationTarget.Global);
		await config().update('agent.approval', 'auto', vscode.ConfigurationTarget.Workspace);
	});

	after(async () => {
		await config().update('agent.approval', undefined, vscode.ConfigurationTarget.Workspace);
		await config().update('llm.activeProfile', undefined, vscode.ConfigurationTarget.Global);
		await config().update('providers', undefined, vscode.ConfigurationTarget.Global);
		await server.close();
	});

	it('an edit_file by the agent is undone with a single Undo in the editor', async () => {
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder, 'a workspace folder is open');
		const uri = vscode.Uri.joinPath(folder.uri, 'agent-undo.js');
		await fs.writeFile(uri.fsPath, original);
		const document = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(document);

		const result = await vscode.commands.executeCommand<AgentTaskResult>('rampart.agent.runTask', { task: 'Make greet safer.' });
		assert.equal(result?.error, undefined, result?.error);
		assert.equal(result?.outcome?.status, 'finished', JSON.stringify(result));
		assert.deepEqual(server.failures, []);
		const edited = original.replace(oldText, newText);
		assert.equal(document.getText(), edited, 'the editor shows the agent edit');
		assert.equal(document.isDirty, false, 'the agent edit was saved');
		assert.equal(await fs.readFile(uri.fsPath, 'utf8'), edited, 'the file on disk has the agent edit');
		const toolResult = server.requests[1]?.normalized?.messages.find((m) => m.role === 'tool');
		assert.ok(toolResult?.text.includes('· ok ·'), `the edit succeeded: ${toolResult?.text ?? 'no tool result'}`);

		await vscode.window.showTextDocument(document);
		await vscode.commands.executeCommand('undo');
		assert.equal(document.getText(), original, 'one Undo restores the text before the agent edit');
	});
});
