// Issue 10, acceptance 4: the arena runs one threat model on two scripted profiles — the real
// OpenAI and Anthropic SDKs against two local wire-format servers — whose answers differ, and the
// comparison table ranks them by the documented rule; a failing profile is a row, not a crash; a
// spent budget skips the rest. The rule itself is checked key by key.
import * as assert from 'node:assert/strict';
import { NodeWorkspace } from '../../../src/core/agent/nodeWorkspace';
import { type ArenaMeasurement, compareMeasurements, rankArena, rankingRule } from '../../../src/core/arena/arenaRanking';
import { applyArenaThreatModel, runThreatModelArena } from '../../../src/core/arena/arenaCommand';
import { type ArenaContestant, runArena } from '../../../src/core/arena/arenaRunner';
import { threatModelGaps, threatModelTask, type ThreatModelArenaResult } from '../../../src/core/arena/threatModelTask';
import { costOf, priceFor, defaultPrices } from '../../../src/core/llm/usage';
import { runPipeline } from '../../../src/core/pipeline/pipelineRunner';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import type { Architecture, Prd } from '../../../src/core/store/schemas';
import * as project from '../../fixtures/pipeline/expressLoginProject';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { sharedEngine, tempWorkspace } from '../agent/support';
import { adapters, isolateProviderEnv } from '../llm/harness';
import { kindOf, scriptedProject } from '../pipeline/scriptedModel';

const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0 });
const measured = (over: Partial<ArenaMeasurement> = {}): ArenaMeasurement => ({ findings: { critical: 0, high: 0, medium: 0, low: 0 }, verification: 'not-run', completenessProblems: 0, usage: usage(100, 10), costUsd: 0.01, durationMs: 1000, ...over });

describe('arena ranking rule', () => {
	it('orders by failure, critical, high, verification, completeness, medium, low, cost, time', () => {
		const pairs: Array<[string, ArenaMeasurement, ArenaMeasurement]> = [
			['a failed run ranks last even with nothing found', measured({ findings: { critical: 1, high: 5, medium: 0, low: 0 } }), measured({ error: 'boom' })],
			['fewer critical findings', measured({ findings: { critical: 0, high: 9, medium: 9, low: 9 }, verification: 'failed' }), measured({ findings: { critical: 1, high: 0, medium: 0, low: 0 }, verification: 'passed' })],
			['then fewer high findings', measured({ findings: { critical: 0, high: 1, medium: 0, low: 0 }, verification: 'failed' }), measured({ findings: { critical: 0, high: 2, medium: 0, low: 0 }, verification: 'passed' })],
			['then verification passed before not run', measured({ verification: 'passed', completenessProblems: 5 }), measured({ verification: 'not-run' })],
			['then not run before failed', measured({ verification: 'not-run', completenessProblems: 5 }), measured({ verification: 'failed' })],
			['then fewer completeness problems', measured({ completenessProblems: 0, findings: { critical: 0, high: 0, medium: 4, low: 0 } }), measured({ completenessProblems: 1 })],
			['then fewer medium findings', measured({ findings: { critical: 0, high: 0, medium: 0, low: 7 }, costUsd: 9 }), measured({ findings: { critical: 0, high: 0, medium: 1, low: 0 } })],
			['then fewer low findings', measured({ findings: { critical: 0, high: 0, medium: 0, low: 0 }, costUsd: 9 }), measured({ findings: { critical: 0, high: 0, medium: 0, low: 1 } })],
			['then lower cost', measured({ costUsd: 0.001, durationMs: 9000 }), measured({ costUsd: 0.002 })],
			['an unknown price counts as costlier', measured({ costUsd: 5 }), measured({ costUsd: undefined })],
			['then shorter time', measured({ durationMs: 10 }), measured({ durationMs: 11 })],
		];
		for (const [why, better, worse] of pairs) {
			assert.equal(compareMeasurements(better, worse), -1, why);
			assert.equal(compareMeasurements(worse, better), 1, why);
			assert.deepEqual(rankArena([{ contestant: 'worse', measurement: worse }, { contestant: 'better', measurement: better }]).map((r) => `${r.rank}:${r.contestant}`), ['1:better', '2:worse'], why);
		}
		assert.deepEqual(rankArena([{ contestant: 'first', measurement: measured() }, { contestant: 'second', measurement: measured() }]).map((r) => r.contestant), ['first', 'second'], 'ties keep the given order');
		assert.match(rankingRule, /critical.*high.*verification.*completeness.*medium.*low.*cost.*time/);
	});
});

describe('arena: one threat model on two scripted profiles through the real SDKs', () => {
	isolateProviderEnv();
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let prd: Prd;
	let architecture: Architecture;
	const servers: LlmServer[] = [];
	const openai = adapters.find((a) => a.name === 'openai')!;
	const anthropic = adapters.find((a) => a.name === 'anthropic')!;

	before(async () => {
		// The stored PRD and design come from the real pipeline (scripted), stopped after the design.
		ws = await tempWorkspace({});
		const server = await startLlmServer({ script: scriptedProject().script });
		servers.push(server);
		await runPipeline({ prompt: project.prompt, root: ws.root, model: openai.create(server), workspace: new NodeWorkspace(ws.root), engine: sharedEngine, stopAfter: 'architecture' });
		const store = AnalysisStore.forWorkspace(ws.root);
		prd = (await store.read('prd'))!;
		architecture = (await store.read('architecture'))!;
		assert.ok(prd && architecture);
	});
	after(async () => {
		await Promise.all(servers.map((s) => s.close()));
		await ws?.cleanup();
	});

	/** A profile whose model answers the threat-model request with `threats` (or with broken JSON). */
	async function profile(label: string, adapter: typeof openai, threats: typeof project.threats | 'broken'): Promise<ArenaContestant & { server: LlmServer }> {
		const server = await startLlmServer({
			script: (request) => {
				assert.equal(kindOf(request), 'threats');
				return { reply: { object: threats === 'broken' ? '{"threats": [' : JSON.stringify({ ...project.threatModel, threats }) } };
			},
			loop: true,
		});
		servers.push(server);
		const model = adapter.create(server);
		const price = priceFor(model.info.model, defaultPrices);
		return { label, server, createModel: async () => model, price: (u) => (price ? costOf(u, price) : undefined) };
	}

	it('ranks the complete threat model above the one that leaves the login route uncovered, and a broken run last', async () => {
		// Given in the "wrong" order: the hasty profile first.
		const hasty = await profile('hasty (anthropic)', anthropic, project.threats.filter((t) => t.file !== 'src/routes/auth.js'));
		const careful = await profile('careful (openai)', openai, project.threats);
		const broken = await profile('broken (openai)', openai, 'broken');
		const models: ThreatModelArenaResult[] = [];
		const progress: string[] = [];
		const table = await runArena(threatModelTask(prd, architecture, (r) => models.push(r)), [broken, hasty, careful], { concurrency: 2, onProgress: (label, state) => progress.push(`${label}:${state}`) });
		for (const s of [hasty.server, careful.server]) {
			assert.deepEqual(s.failures, []);
		}
		assert.deepEqual(table.rows.map((r) => [r.rank, r.contestant, r.completenessProblems]), [[1, 'careful (openai)', 0], [2, 'hasty (anthropic)', 1], [3, 'broken (openai)', 0]]);
		assert.match(table.rows[2]!.error ?? '', /threatModel stage failed/);
		assert.ok(table.rows[0]!.inputTokens > 0 && table.rows[0]!.outputTokens > 0, 'tokens as the servers reported them');
		assert.ok((table.rows[0]!.costUsd ?? 0) > 0, 'priced from the built-in table');
		assert.equal(table.rule, rankingRule);
		const hastyModel = models.find((m) => m.label.startsWith('hasty'))!.threatModel;
		assert.deepEqual(threatModelGaps(hastyModel), ['no threat for the public entry "POST /login" (src/routes/auth.js)']);
		assert.deepEqual(progress.filter((p) => p.endsWith(':running')).length, 3);
	});

	it('applying a contestant stores its threat model as a new version by the agent', async () => {
		const hasty = await profile('hasty', anthropic, project.threats.filter((t) => t.file !== 'src/routes/auth.js'));
		const careful = await profile('careful', openai, project.threats);
		const store = AnalysisStore.forWorkspace(ws.root);
		const held = new Map<string, ThreatModelArenaResult['threatModel']>();
		const request = { profileIds: ['hasty', 'careful'], parallel: true };
		const table = await runThreatModelArena(store, request, [hasty, careful].map((c) => ({ id: c.label, createModel: c.createModel })), { onModel: (r) => held.set(r.label, r.threatModel) });
		assert.equal(table.applicable, true);
		assert.equal(table.rows[0]!.contestant, 'careful');
		assert.equal(await store.read('threatModel'), undefined, 'the arena itself stores nothing');
		const version = await applyArenaThreatModel(store, 'careful', held.get('careful')!);
		assert.deepEqual(version.author, { kind: 'agent', name: 'rampart-arena' });
		assert.equal(version.message, 'arena: the threat model of careful');
		assert.deepEqual((await store.read('threatModel'))?.threats.map((t) => t.anchor.file), project.threats.map((t) => t.file));
	});

	it('skips contestants once the token budget is spent, one after another', async () => {
		const first = await profile('first', openai, project.threats);
		const second = await profile('second', anthropic, project.threats);
		const table = await runArena(threatModelTask(prd, architecture), [first, second], { budget: { maxTokens: 1 } });
		assert.deepEqual(table.rows.map((r) => [r.contestant, r.error ?? 'ran']), [['first', 'ran'], ['second', 'skipped: the budget was spent']]);
		assert.equal(second.server.requests.length, 0, 'the skipped profile was never called');
	});
});
