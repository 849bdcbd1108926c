// Issue 8, acceptance 2 (in-host half): "Rampart: Generate Secure Project" run from VS Code with a
// scripted model (the real OpenAI SDK through an openai-compatible profile at the local wire-format
// server) writes the scripted Express login API into a folder of the workspace, in dependency order,
// with the injection caught and fixed in a second round — and the language server then reports no
// error or warning on any generated file.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GenerateOutcome } from '../../../src/vscode/generate/generateProject';
import * as project from '../../fixtures/pipeline/expressLoginProject';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { scriptedProject } from '../../unit/pipeline/scriptedModel';

const outDir = 'generated-shop';

function rampartProblems(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rampart' && d.severity <= vscode.DiagnosticSeverity.Warning);
}

describe('Generate Secure Project in VS Code', () => {
	let server: LlmServer;
	const config = () => vscode.workspace.getConfiguration('rampart');

	before(async () => {
		server = await startLlmServer({ script: scriptedProject().script });
		await config().update('providers', [{ id: 'e2e-generate', kind: 'openai-compatible', model: 'scripted-model', baseUrl: server.openAiBaseUrl, structuredOutput: 'json' }], vscode.ConfigurationTarget.Global);
		await config().update('llm.activeProfile', 'e2e-generate', vscode.ConfigurationTarget.Global);
	});

	after(async () => {
		await config().update('llm.activeProfile', undefined, vscode.ConfigurationTarget.Global);
		await config().update('providers', undefined, vscode.ConfigurationTarget.Global);
		await server.close();
	});

	it('writes every file of the scripted project, fixes the injection, and leaves no Rampart problem', async function () {
		this.timeout(180_000);
		const folder = vscode.workspace.workspaceFolders?.[0];
		assert.ok(folder);
		const outcome = await vscode.commands.executeCommand<GenerateOutcome>('rampart.generateSecureProject', { prompt: project.prompt, outDir });
		assert.equal(outcome?.error, undefined, outcome?.error);
		assert.deepEqual(server.failures, []);
		const result = outcome?.result;
		assert.ok(result);
		assert.deepEqual(result.ran, ['prd', 'architecture', 'threatModel', 'stpa', 'code']);
		assert.equal(result.files.length, 10);
		assert.ok(result.files.every((f) => f.status === 'written'));
		const auth = result.files.find((f) => f.path === 'src/routes/auth.js');
		assert.equal(auth?.rounds, 2, 'the injection in the first version of auth.js was caught and fixed');
		assert.deepEqual(result.completeness, []);

		const root = join(folder.uri.fsPath, outDir);
		for (const file of result.files) {
			assert.equal(await fs.readFile(join(root, file.path), 'utf8'), project.code[file.path], file.path);
		}
		// Open every generated source file and let the language server analyse it.
		const sources = result.files.map((f) => f.path).filter((p) => /\.(js|ts)$/.test(p));
		for (const path of sources) {
			await vscode.workspace.openTextDocument(vscode.Uri.file(join(root, path)));
		}
		await new Promise((r) => setTimeout(r, 3000));
		for (const path of sources) {
			const problems = rampartProblems(vscode.Uri.file(join(root, path)));
			assert.deepEqual(problems.map((d) => `${path}:${d.range.start.line + 1} ${String(typeof d.code === 'object' ? d.code.value : d.code)}`), [], `no Rampart error or warning in ${path}`);
		}
	});
});
