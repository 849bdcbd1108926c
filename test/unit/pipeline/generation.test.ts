// Acceptance 1 (scripted): the whole generation through the real SDKs and the local wire-format
// server — PRD, architecture (with a reconciliation patch that really applies), threat model,
// STPA-Sec seeding with full traces, and code in dependency order where the scanner catches an
// injection in the first version of one file and the second round fixes it.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/core/agent/nodeWorkspace';
import { runPipeline } from '../../../src/core/pipeline/pipelineRunner';
import { defaultProfile, HARD_THRESHOLD } from '../../../src/core/pipeline/securityProfile';
import { writeOrder } from '../../../src/core/pipeline/stages/codeStage';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { TraceGraph } from '../../../src/core/store/traceGraph';
import * as project from '../../fixtures/pipeline/expressLoginProject';
import { serverAndWorkspace, sharedEngine } from '../agent/support';
import { adapters, isolateProviderEnv } from '../llm/harness';
import { scriptedProject } from './scriptedModel';

for (const adapter of adapters.filter((a) => a.name !== 'openai-compatible')) {
	describe(`pipeline: scripted generation through the ${adapter.name} SDK`, () => {
		isolateProviderEnv();
		const env = serverAndWorkspace();

		it('runs all four stages and leaves a traced, scanned project', async () => {
			const scripted = scriptedProject();
			env.server.setScript(scripted.script);
			const progress: string[] = [];
			const result = await runPipeline({ prompt: project.prompt, root: env.ws.root, model: adapter.create(env.server), workspace: new NodeWorkspace(env.ws.root), engine: sharedEngine, onProgress: (p) => progress.push(`${p.stage}:${p.step}${p.file ? `:${p.file}` : ''}`) });
			assert.deepEqual(env.server.failures, []);
			assert.deepEqual(result.ran, ['prd', 'architecture', 'threatModel', 'stpa', 'code']);

			const store = AnalysisStore.forWorkspace(env.ws.root);
			const architecture = (await store.read('architecture'))!;
			// The reconciliation patch was applied: auth.js now depends on config.js, and every check passes.
			assert.ok(architecture.files.find((f) => f.path === 'src/routes/auth.js')!.dependsOn.includes('src/config.js'));
			assert.deepEqual(architecture.validation.filter((v) => !v.passed), []);
			assert.equal(scripted.log.filter((k) => k === 'reconcile').length, 1);

			// Every file written, in dependency order, 10 files.
			assert.equal(result.files.length, 10);
			const order = result.files.map((f) => f.path);
			assert.deepEqual(order, writeOrder(architecture));
			for (const file of architecture.files) {
				const index = order.indexOf(file.path);
				for (const dep of file.dependsOn) {
					assert.ok(order.indexOf(dep) < index, `${dep} is written before ${file.path}`);
				}
				assert.equal(await fs.readFile(join(env.ws.root, file.path), 'utf8'), project.code[file.path]);
			}

			// The injection: found in round 1, fixed in round 2.
			const auth = result.files.find((f) => f.path === 'src/routes/auth.js')!;
			assert.equal(auth.rounds, 2);
			assert.ok(auth.findingsPerRound[0]! > 0, 'the first version had findings');
			assert.equal(auth.findingsPerRound[1], 0);
			assert.ok(result.files.filter((f) => f.path !== 'src/routes/auth.js').every((f) => f.rounds === 1 && f.findingsPerRound[0] === 0));
			const engine = await sharedEngine();
			for (const file of architecture.files) {
				assert.deepEqual(engine.analyze(file.path, project.code[file.path]!).findings.map((f) => f.ruleId), [], `${file.path} is clean`);
			}

			// The fix prompt was targeted: line, rule and CWE.
			const fixRequest = env.server.requests.map((r) => r.normalized).find((r) => r?.messages.some((m) => m.role === 'user' && m.text.startsWith('The security scanner found')));
			const fixText = fixRequest!.messages.filter((m) => m.role === 'user').at(-1)!.text;
			assert.match(fixText, /line 15, rampart\.js\.sql-injection[^ ]* \(CWE-89/);

			// The profile weight for SQL injection rose and was persisted.
			const profile = JSON.parse(await fs.readFile(join(env.ws.root, '.rampart', 'security-profile.json'), 'utf8')) as ReturnType<typeof defaultProfile>;
			assert.ok(profile.weights.sqlInjection > defaultProfile().weights.sqlInjection);
			assert.ok(profile.weights.sqlInjection >= HARD_THRESHOLD);
			assert.equal(profile.weights.xss, defaultProfile().weights.xss);

			// The STPA-Sec graph: every mitigation traced, no completeness problem.
			const stpa = (await store.read('stpa'))!;
			const graph = new TraceGraph(stpa);
			assert.deepEqual(graph.completeness(), []);
			assert.deepEqual(result.completeness, []);
			const mitigations = stpa.nodes.filter((n) => n.kind === 'mitigation');
			assert.equal(mitigations.length, project.threats.length);
			for (const m of mitigations) {
				assert.ok(graph.traceToRequirements(m.id).paths.length > 0, `${m.id} traces to a requirement`);
			}

			// Threats are stored structured and anchored.
			const tm = (await store.read('threatModel'))!;
			assert.deepEqual(tm.threats.map((t) => `${t.anchor.file}#${t.anchor.function} ${t.cwe}`), project.threats.map((t) => `${t.file}#${t.function} ${t.cwe}`));
			assert.ok(progress.includes('code:writing:src/routes/auth.js'));

			// The run record: per-file progress with hashes, tokens.
			const runs = (await store.read('runs'))!;
			const run = runs.runs.at(-1)!;
			assert.equal(run.status, 'succeeded');
			assert.equal(run.stages.filter((s) => s.name.startsWith('code:')).length, 10);
			assert.ok((run.tokens?.input ?? 0) > 0);

			// A second run resumes: every stage is stored and every file is written, so nothing is asked.
			const before = env.server.requests.length;
			const again = await runPipeline({ prompt: project.prompt, root: env.ws.root, model: adapter.create(env.server), workspace: new NodeWorkspace(env.ws.root), engine: sharedEngine });
			assert.deepEqual(again.skipped, ['prd', 'architecture', 'threatModel', 'stpa']);
			assert.equal(again.files.length, 0);
			assert.equal(env.server.requests.length, before);
		});
	});
}
