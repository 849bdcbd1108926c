// Issue 10, acceptance 2 (third request): "re-run the threat model for src/routes/auth.js" re-runs
// only that part. The design and threat model come from a real scripted pipeline run; then the
// analyst (real SDK, local server) calls rerun_threat_model and the model answers for that file.
import * as assert from 'node:assert/strict';
import { NodeWorkspace } from '../../../src/core/agent/nodeWorkspace';
import { AnalysisSession } from '../../../src/core/analyst/analysisSession';
import { createAnalyst } from '../../../src/core/analyst/analystAgent';
import { runPipeline } from '../../../src/core/pipeline/pipelineRunner';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import * as project from '../../fixtures/pipeline/expressLoginProject';
import type { NormalizedRequest } from '../../support/llmServer/normalize';
import type { Step } from '../../support/llmServer/script';
import { serverAndWorkspace, sharedEngine, toolContext } from '../agent/support';
import { adapters, isolateProviderEnv } from '../llm/harness';
import { scriptedProject } from '../pipeline/scriptedModel';

const file = 'src/routes/auth.js';
const newThreats = [
	{ file, function: 'loginRouter', title: 'Credential stuffing through login', cwe: 'CWE-307', stride: 'denialOfService', vector: 'many username/password pairs from one client', requiredProtection: 'limit attempts per client and per account', severity: 'high' },
	{ file, function: 'loginRouter', title: 'Oversized login body', cwe: 'CWE-400', stride: 'denialOfService', vector: 'a huge JSON body', requiredProtection: 'limit the JSON body size', severity: 'medium' },
];

for (const adapter of adapters.filter((a) => a.name !== 'openai-compatible')) {
	describe(`Security Analyst re-runs one file's threat model through the ${adapter.name} SDK`, function () {
		this.timeout(60_000);
		isolateProviderEnv();
		const env = serverAndWorkspace();

		it('replaces only that file\'s threats, in one new version', async () => {
			env.server.setScript(scriptedProject().script);
			await runPipeline({ prompt: project.prompt, root: env.ws.root, model: adapter.create(env.server), workspace: new NodeWorkspace(env.ws.root), engine: sharedEngine, stopAfter: 'threatModel' });
			const store = AnalysisStore.forWorkspace(env.ws.root);
			const before = (await store.read('threatModel'))!;
			const versionsBefore = (await store.listVersions()).length;
			const asked: NormalizedRequest[] = [];
			env.server.setScript((request: NormalizedRequest): Step => {
				asked.push(request);
				if (request.system.includes('Re-assess the threats of ONE file')) {
					return { reply: { object: JSON.stringify({ threats: newThreats }) } };
				}
				const last = request.messages.at(-1);
				return last?.role === 'user'
					? { reply: { toolCalls: [{ id: 'call_rerun', name: 'rerun_threat_model', arguments: JSON.stringify({ file, reason: 'the user asked' }) }] } }
					: { reply: { text: last?.text.split('\n').filter((l) => /^(Threat model|- T-)/.test(l)).join('\n') ?? '' } };
			});
			const model = adapter.create(env.server);
			const run = createAnalyst(new AnalysisSession(store), { model, structuredModel: model, context: await toolContext(env.ws.root) });
			const outcome = await run.send(`Re-run the threat model for ${file}.`);
			assert.deepEqual(env.server.failures, []);

			const after = (await store.read('threatModel'))!;
			const untouched = (tm: typeof before) => tm.threats.filter((t) => t.anchor.file !== file);
			assert.deepEqual(untouched(after), untouched(before), 'the other files\' threats are exactly as stored');
			const oldIds = before.threats.filter((t) => t.anchor.file === file).map((t) => t.id);
			const mine = after.threats.filter((t) => t.anchor.file === file);
			assert.ok(oldIds.length > 0);
			assert.deepEqual(mine.map((t) => t.title), newThreats.map((t) => t.title));
			assert.ok(mine.every((t) => !before.threats.some((b) => b.id === t.id)), 'new ids, never reused');
			assert.equal((await store.listVersions()).length, versionsBefore + 1);
			assert.deepEqual((await store.listVersions())[0]?.author, { kind: 'agent', name: 'Rampart Security Analyst' });
			const modelling = asked.find((r) => r.system.includes('Re-assess the threats of ONE file'));
			assert.match(modelling?.messages.at(-1)?.text ?? '', /Give every threat of src\/routes\/auth\.js\./);
			assert.match(outcome.summary, new RegExp(`replaced ${oldIds.join(', ')} with 2 threat`));
		});
	});
}
