// `rampart generate`: argument errors, and a whole scripted run through the CLI path (environment
// provider config → real OpenAI SDK → local server) with the status line on stderr.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { generateCommand, parseGenerateArgs } from '../../../src/cli/generateCommand';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import * as project from '../../fixtures/pipeline/expressLoginProject';
import { tempWorkspace } from '../agent/support';
import { isolateProviderEnv } from '../llm/harness';
import { scriptedProject } from './scriptedModel';

function io(cwd: string, env: NodeJS.ProcessEnv) {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', (d: Buffer) => (out += d.toString()));
	stderr.on('data', (d: Buffer) => (err += d.toString()));
	return { io: { stdout, stderr, cwd, env }, out: () => out, err: () => err };
}

describe('pipeline: rampart generate', () => {
	isolateProviderEnv();
	it('parses options and rejects bad ones with a message', () => {
		assert.deepEqual(parseGenerateArgs(['make an API', '--threat-model', 'full', '--candidates', '2', '--out', 'x']), { prompt: 'make an API', mode: 'full', candidates: 2, out: 'x' });
		assert.match((parseGenerateArgs(['p', '--threat-model', 'deep']) as { error: string }).error, /simple or full/);
		assert.match((parseGenerateArgs(['p', '--candidates', '0']) as { error: string }).error, /1 to 10/);
		assert.match((parseGenerateArgs([]) as { error: string }).error, /prompt is required/);
		assert.match((parseGenerateArgs(['p', '--rerun', 'nope']) as { error: string }).error, /--rerun must be/);
	});

	describe('against the local server', () => {
		let server: LlmServer;
		let ws: Awaited<ReturnType<typeof tempWorkspace>>;
		beforeEach(async () => {
			server = await startLlmServer({ script: scriptedProject().script });
			ws = await tempWorkspace({});
		});
		afterEach(async () => {
			await server.close();
			await ws.cleanup();
		});

		it('generates the project into --out and prints the status and the summary', async () => {
			const t = io(ws.base, { RAMPART_BASE_URL: server.openAiBaseUrl, OPENAI_API_KEY: 'sk-test-cli' });
			const code = await generateCommand([project.prompt, '--out', 'ws', '--provider', 'openai', '--model', 'gpt-4.1-mini'], t.io);
			assert.equal(code, 0, t.err());
			assert.ok(existsSync(join(ws.root, 'src/routes/auth.js')));
			assert.match(t.err(), /\[5\/5 code\] writing src\/routes\/auth\.js/);
			assert.match(t.out(), /Generated 10 file\(s\)/);
			assert.match(t.out(), /src\/routes\/auth\.js \(2 rounds, findings [1-9]\d* → 0\)/);
		});

		it('fails with exit 2 and the usage on a bad option', async () => {
			const t = io(ws.base, {});
			assert.equal(await generateCommand(['p', '--bogus'], t.io), 2);
			assert.match(t.err(), /unknown option --bogus/);
		});
	});
});
