// Issue 10, acceptance 2 (first two requests): the Security Analyst through the real SDKs and the
// local wire-format server, on the worked example stored as a real `.rampart/` store. The scripted
// model decides what to call; what the tools return and what lands in the store is the code's.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisSession } from '../../../src/core/analyst/analysisSession';
import { createAnalyst } from '../../../src/core/analyst/analystAgent';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import type { StpaGraph } from '../../../src/core/store/schemas';
import { TraceGraph } from '../../../src/core/store/traceGraph';
import { repoRoot } from '../../support/fixtureCorpus';
import type { NormalizedRequest } from '../../support/llmServer/normalize';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import type { Step } from '../../support/llmServer/script';
import { toolContext, tempWorkspace } from '../agent/support';
import { adapters, isolateProviderEnv } from '../llm/harness';

const example = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'store', 'shopfront.stpa-sec.json'), 'utf8')) as StpaGraph;
const author = { kind: 'user' as const, name: 'test' };

function lastToolText(request: NormalizedRequest): string {
	return [...request.messages].reverse().find((m) => m.role === 'tool')?.text ?? '';
}

for (const adapter of adapters) {
	describe(`Security Analyst through the ${adapter.name} SDK`, () => {
		isolateProviderEnv();
		let server: LlmServer;
		let ws: Awaited<ReturnType<typeof tempWorkspace>>;
		let store: AnalysisStore;

		beforeEach(async () => {
			server = await startLlmServer({ script: [] });
			ws = await tempWorkspace({ 'src/auth.ts': 'export function login() {}\n' });
			store = AnalysisStore.forWorkspace(ws.root);
			await store.write({ stpa: example }, { author, message: 'worked example' });
		});
		afterEach(async () => {
			await server.close();
			await ws.cleanup();
		});

		const analyst = async () => createAnalyst(new AnalysisSession(store), { model: adapter.create(server), context: await toolContext(ws.root) });

		it('"add a loss for leaked payment data linked to requirement SR-2" creates the node and edge in a new version', async () => {
			const requirement = example.nodes.find((n) => n.id === 'SR-2');
			assert.ok(requirement, 'the worked example has SR-2');
			server.setScript((request, index): Step => {
				if (index === 0) {
					return { reply: { toolCalls: [{ id: 'call_add', name: 'add_node', arguments: JSON.stringify({ kind: 'loss', label: 'Leaked payment data', links: [{ kind: 'violates', to: 'SR-2' }], reason: 'user asked for a loss on payment data' }) }] } };
				}
				const created = /The new node is (L-\d+)/.exec(lastToolText(request))?.[1] ?? 'none';
				return { reply: { text: `Added ${created}, which violates SR-2.` } };
			});
			const before = await store.listVersions();
			const outcome = await (await analyst()).send('Add a loss for leaked payment data linked to requirement SR-2.');
			assert.deepEqual(server.failures, []);
			assert.equal(outcome.status, 'answered');

			const versions = await store.listVersions();
			assert.equal(versions.length, before.length + 1, 'exactly one new version');
			assert.deepEqual(versions[0]?.author, { kind: 'agent', name: 'Rampart Security Analyst' });
			assert.match(versions[0]?.message ?? '', /payment data/);
			const graph = (await store.readAll()).documents.stpa;
			assert.ok(graph);
			const added = graph.nodes.filter((n) => !example.nodes.some((o) => o.id === n.id));
			assert.equal(added.length, 1);
			assert.equal(added[0]?.kind, 'loss');
			assert.equal(added[0]?.label, 'Leaked payment data');
			assert.ok(graph.edges.some((e) => e.kind === 'violates' && e.source === added[0]?.id && e.target === 'SR-2'));
			assert.equal(outcome.summary, `Added ${added[0]?.id}, which violates SR-2.`);
		});

		it('"why does M-3 exist?" answers with the ids of every path to the requirements', async () => {
			const expected = new TraceGraph(example).traceToRequirements('M-3');
			assert.ok(expected.paths.length > 0, 'M-3 traces to a requirement in the worked example');
			server.setScript((request, index): Step =>
				index === 0
					? { reply: { toolCalls: [{ id: 'call_trace', name: 'trace_to_requirements', arguments: JSON.stringify({ id: 'M-3' }) }] } }
					: { reply: { text: `M-3 exists because of:\n${lastToolText(request).split('\n').filter((l) => l.startsWith('- ')).join('\n')}` } },
			);
			const outcome = await (await analyst()).send('Why does M-3 exist?');
			assert.deepEqual(server.failures, []);
			for (const path of expected.paths) {
				assert.ok(outcome.summary.includes(path.breadcrumb), `the answer carries ${path.breadcrumb}`);
			}
			for (const id of new Set([...expected.requirements, ...expected.paths.flatMap((p) => p.nodes)])) {
				assert.ok(outcome.summary.includes(id), `the answer cites ${id}`);
			}
		});

		it('an edge the rules forbid is refused with a message the model can act on, and nothing is written', async () => {
			server.setScript((request, index): Step =>
				index === 0
					? { reply: { toolCalls: [{ id: 'call_bad', name: 'add_edge', arguments: JSON.stringify({ kind: 'violates', source: 'SR-2', target: 'M-3', reason: 'wrong direction on purpose' }) }] } }
					: { reply: { text: lastToolText(request) } },
			);
			const before = await store.head();
			const outcome = await (await analyst()).send('Link SR-2 to M-3.');
			assert.match(outcome.summary, /cannot go from SR-2 \(stakeholderRequirement\) to M-3 \(mitigation\)/);
			assert.equal(await store.head(), before, 'no new version');
		});
	});
}
