// Acceptance 5 and the full threat-model mode, through the real OpenAI SDK and the local server:
// malformed output at each stage is repaired in one round or fails that stage with a clear
// message, and nothing stored before is lost.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/core/agent/nodeWorkspace';
import { runPipeline, type PipelineOptions } from '../../../src/core/pipeline/pipelineRunner';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import * as project from '../../fixtures/pipeline/expressLoginProject';
import { serverAndWorkspace, sharedEngine } from '../agent/support';
import { adapters, isolateProviderEnv } from '../llm/harness';
import { scriptedProject, type ScriptedProjectOptions } from './scriptedModel';

const openai = adapters.find((a) => a.name === 'openai')!;

describe('pipeline: malformed model output and full threat-model mode', () => {
	isolateProviderEnv();
	const env = serverAndWorkspace();

	const run = (scripted: ScriptedProjectOptions, options: Partial<PipelineOptions> = {}) => {
		const s = scriptedProject(scripted);
		env.server.setScript(s.script);
		return { log: s.log, result: runPipeline({ prompt: project.prompt, root: env.ws.root, model: openai.create(env.server), workspace: new NodeWorkspace(env.ws.root), engine: sharedEngine, ...options }) };
	};
	const store = () => AnalysisStore.forWorkspace(env.ws.root);

	it('PRD: invalid JSON once is repaired by the repair round', async () => {
		const { log, result } = run({ faults: { prd: { text: '{"title": "Login API", "userStory": ' } } }, { stopAfter: 'prd' });
		await result;
		assert.deepEqual(log, ['prd', 'prd']);
		assert.equal((await store().read('prd'))?.title, 'Login API');
	});

	it('architecture: a file list missing fields twice fails the stage clearly and keeps the PRD', async () => {
		const { result } = run({ faults: { fileList: { text: '{"files": [{"path": "src/a.js"}]}', repeat: true } } });
		await assert.rejects(result, /architecture stage failed: file list: .*schema/);
		assert.equal((await store().read('prd'))?.title, 'Login API');
		assert.equal(await store().read('architecture'), undefined);
		const runs = (await store().read('runs'))!;
		assert.equal(runs.runs.at(-1)!.status, 'failed');
	});

	it('architecture: truncated API design JSON twice fails the stage and a re-run resumes after the PRD', async () => {
		const first = run({ faults: { api: { text: '{"symbols": [{"name": "loadConfig", "kind": "func', repeat: true } } });
		await assert.rejects(first.result, /architecture stage failed: API design of /);
		const second = run({}, { stopAfter: 'architecture' });
		const result = await second.result;
		assert.deepEqual(result.skipped, ['prd']);
		assert.equal(second.log.includes('prd'), false);
		assert.ok(await store().read('architecture'));
	});

	it('threat model: threats anchored to functions the design lacks go back to the model, then fail the stage', async () => {
		const bad = JSON.stringify({ ...project.threatModel, threats: [{ ...project.threats[0], function: 'handleLogin' }] });
		const { log, result } = run({ faults: { threats: { text: bad, repeat: true } } });
		await assert.rejects(result, /threatModel stage failed: threat model: .*declares no function handleLogin/);
		assert.equal(log.filter((k) => k === 'threats').length, 2);
		assert.ok(await store().read('architecture'), 'the architecture stays stored');
		assert.equal(await store().read('threatModel'), undefined);
	});

	it('code: truncated file content is refused by write_file, the model resends it, and the file ends whole', async () => {
		const { result } = run({ truncateFirst: 'src/sessions.js' });
		const out = await result;
		assert.equal(out.files.find((f) => f.path === 'src/sessions.js')?.status, 'written');
		assert.equal(await fs.readFile(join(env.ws.root, 'src/sessions.js'), 'utf8'), project.code['src/sessions.js']);
		const refusal = env.server.requests.flatMap((r) => r.normalized?.messages ?? []).find((m) => m.role === 'tool' && m.text.includes('write_file refused') && m.text.includes('src/sessions.js'));
		assert.ok(refusal, 'the model was told the truncated content was not accepted');
	});

	it('full mode: validated chains, k=2 candidates at rising temperature, the judge picks the best, all stored', async () => {
		const { log, result } = run({ judgeScores: [4, 8] }, { threatModel: 'full', candidates: 2, stopAfter: 'stpa' });
		await result;
		assert.deepEqual(log.filter((k) => ['chains', 'context', 'chainThreats', 'judge'].includes(k)).sort(), ['chainThreats', 'chainThreats', 'chains', 'context', 'judge', 'judge']);
		const temperatures = env.server.requests.filter((r) => (r.normalized?.system ?? '').includes('Analyse one invocation chain')).map((r) => (r.body as { temperature?: number }).temperature);
		assert.deepEqual(temperatures, [0.3, 0.45]);
		const candidates = JSON.parse(await fs.readFile(join(env.ws.root, '.rampart', 'threat-model-candidates.json'), 'utf8')) as { best: number; candidates: Array<{ score: number }> };
		assert.equal(candidates.best, 1);
		assert.deepEqual(candidates.candidates.map((c) => c.score), [4, 8]);
		const tm = (await store().read('threatModel'))!;
		assert.equal(tm.entryInterfaces[0]?.name, 'POST /login');
		assert.equal(tm.threats.length, project.threats.length);
	});
});
