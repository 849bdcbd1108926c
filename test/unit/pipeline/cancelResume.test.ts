// Issue 8, acceptance 4: Cancel during the code stage stops promptly and leaves every written file
// whole; running again resumes at the next unwritten file and completes the project. Real OpenAI SDK
// against the local server, with the code answers streamed slowly so the cancel lands mid-stream.
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/core/agent/nodeWorkspace';
import { runPipeline } from '../../../src/core/pipeline/pipelineRunner';
import type { NormalizedRequest } from '../../support/llmServer/normalize';
import * as project from '../../fixtures/pipeline/expressLoginProject';
import { serverAndWorkspace, sharedEngine } from '../agent/support';
import { adapters, isolateProviderEnv } from '../llm/harness';
import { kindOf, scriptedProject } from './scriptedModel';

const openai = adapters.find((a) => a.name === 'openai')!;

describe('pipeline: cancel during the code stage, then resume', function () {
	this.timeout(120_000);
	isolateProviderEnv();
	const env = serverAndWorkspace();

	it('stops within a second of Cancel, keeps files whole, and a re-run completes without rewriting them', async () => {
		const scripted = scriptedProject();
		env.server.setScript(async (request: NormalizedRequest) => {
			const step = await scripted.script(request);
			if (kindOf(request) === 'code' && step.reply) {
				return { ...step, reply: { ...step.reply, chunkSize: 16, pieceDelayMs: 25 } };
			}
			return step;
		});
		const controller = new AbortController();
		let abortedAt = 0;
		let writing = 0;
		const first = await runPipeline({
			prompt: project.prompt,
			root: env.ws.root,
			model: openai.create(env.server),
			workspace: new NodeWorkspace(env.ws.root),
			engine: sharedEngine,
			signal: controller.signal,
			onProgress: (p) => {
				if (p.stage === 'code' && p.step === 'writing' && ++writing === 4 && !abortedAt) {
					// The fourth file's answer is streaming now: cancel in the middle of it.
					setTimeout(() => {
						abortedAt = performance.now();
						controller.abort();
					}, 60);
				}
			},
		}).then(
			(result) => ({ result, error: undefined }),
			(error: unknown) => ({ result: undefined, error }),
		);
		const stoppedAfter = performance.now() - abortedAt;
		assert.ok(abortedAt > 0, 'the cancel was issued during the code stage');
		assert.ok(stoppedAfter < 1000, `stopped ${stoppedAfter.toFixed(0)} ms after Cancel`);
		assert.ok(first.error !== undefined || (first.result?.files.length ?? 0) < 10, 'the first run did not complete the project');

		// Every file on disk is whole: a complete version the model sent, never a part of one.
		const onDisk: string[] = [];
		for (const [path, code] of Object.entries(project.code)) {
			const full = join(env.ws.root, path);
			if (existsSync(full)) {
				const text = await fs.readFile(full, 'utf8');
				assert.ok(text === code || text === project.firstVersions[path], `${path} is whole`);
				onDisk.push(path);
			}
		}
		assert.ok(onDisk.length >= 3 && onDisk.length < 10, `some files written before the cancel (${onDisk.join(', ')})`);
		const leftovers = (await fs.readdir(env.ws.root, { recursive: true })).filter((f) => String(f).endsWith('.tmp'));
		assert.deepEqual(leftovers, [], 'no temp files left');

		// Resume: completes the project and does not ask for files already written.
		const asked: string[] = [];
		env.server.setScript(async (request: NormalizedRequest) => {
			if (kindOf(request) === 'code') {
				asked.push(/Write (\S+) \(/.exec([...request.messages].reverse().find((m) => m.role === 'user')?.text ?? '')?.[1] ?? '?');
			}
			return scripted.script(request);
		});
		const second = await runPipeline({ prompt: project.prompt, root: env.ws.root, model: openai.create(env.server), workspace: new NodeWorkspace(env.ws.root), engine: sharedEngine });
		assert.deepEqual(env.server.failures, []);
		assert.ok(second.skipped.includes('prd') && second.skipped.includes('threatModel'), `stored stages are skipped (${second.skipped.join(', ')})`);
		const completeBefore = onDisk.filter((p) => project.firstVersions[p] === undefined);
		for (const path of completeBefore) {
			assert.ok(!asked.includes(path), `${path} was written before the cancel and is not asked for again`);
		}
		for (const [path, code] of Object.entries(project.code)) {
			assert.equal(await fs.readFile(join(env.ws.root, path), 'utf8'), code, `${path} after the resume`);
		}
	});
});
