import * as assert from 'node:assert/strict';
import { TraceGraph } from '../../../src/core/store/traceGraph';
import type { StpaGraph, StpaNode, StpaEdge } from '../../../src/core/store/schemas';
import { loadShopfront } from './helpers';

describe('trace graph', () => {
	const graph = new TraceGraph(loadShopfront());

	it('finds every upward path from a mitigation to two stakeholder requirements', () => {
		const t = graph.traceToRequirements('M-1');
		assert.deepEqual(t.requirements, ['SR-1', 'SR-2']);
		assert.deepEqual(t.stakeholders, ['SH-1', 'SH-2']);
		assert.equal(t.truncated, false);
		const crumbs = t.paths.map((p) => p.breadcrumb).sort();
		assert.ok(crumbs.includes('M-1 →implements CC-1 →inverts UCA-1 →causes H-2 →leadsTo L-1 →violates SR-1'));
		assert.ok(crumbs.includes('M-1 →implements CC-1 →refines SC-2 →prevents H-2 →leadsTo L-2 →violates SR-1'));
		assert.ok(crumbs.includes('M-1 →mitigates T-1 →realizes LS-1 →explains UCA-1 →causes H-2 →leadsTo L-1 →violates SR-2'));
		// Paths via CC-1 (2 ways to H-2) and T-1 (1 way) × 3 ways from H-2 to a requirement.
		assert.equal(t.paths.length, 9);
		for (const p of t.paths) {
			assert.equal(p.nodes[0], 'M-1');
			assert.ok(p.nodes.at(-1)!.startsWith('SR-'));
			assert.equal(new Set(p.nodes).size, p.nodes.length, 'simple path');
		}
		// Highlight set: on some path, no structural neighbours such as CE-1, no unrelated mitigations.
		for (const id of ['M-1', 'CC-1', 'SC-2', 'UCA-1', 'LS-1', 'T-1', 'H-2', 'L-1', 'L-2', 'SR-1', 'SR-2', 'SH-1', 'SH-2']) {
			assert.ok(t.nodeIds.includes(id), id);
		}
		for (const id of ['CE-1', 'M-2', 'H-1', 'F-1', 'CA-1']) {
			assert.ok(!t.nodeIds.includes(id), id);
		}
		assert.ok(t.edges.some((e) => e.kind === 'concerns' && e.source === 'SR-2' && e.target === 'SH-2'));
	});

	it('reports untraced mitigations and an empty trace for them', () => {
		assert.deepEqual(graph.untracedMitigations(), ['M-4']);
		const t = graph.traceToRequirements('M-4');
		assert.deepEqual(t.paths, []);
		assert.deepEqual(t.nodeIds, ['M-4']);
	});

	it('computes the downward impact of a node', () => {
		const impact = graph.impactOf('H-2');
		for (const id of ['UCA-1', 'SC-2', 'CC-1', 'LS-1', 'T-1', 'M-1', 'F-1', 'R-1']) {
			assert.ok(impact.includes(id), id);
		}
		assert.ok(!impact.includes('H-1') && !impact.includes('CE-1'));
	});

	it('detects one of each completeness problem in the worked example, and only those', () => {
		const problems = graph.completeness({ functionExists: (file) => file !== 'src/routes/reset.ts' });
		const got = problems.map((p) => p.id).sort();
		assert.deepEqual(got, [
			'constraint-without-vulnerability:SC-3',
			'loss-without-requirement:L-3',
			'mitigation-untraced:M-4',
			'requirement-without-stakeholder:SR-3',
			'scenario-without-target:LS-3',
			'threat-function-missing:T-4',
			'threat-without-cwe:T-3',
			'threat-without-mitigation:T-3',
			'uca-without-controller-constraint:UCA-3',
			'uca-without-vulnerability:UCA-3',
			'vulnerability-without-loss:H-4',
		]);
		const m4 = problems.find((p) => p.nodeId === 'M-4')!;
		assert.equal(m4.severity, 'error');
		assert.match(m4.message, /^M-4 \(Add a CAPTCHA\): mitigation traces to no stakeholder requirement$/);
	});

	it('caps path enumeration but keeps the highlight set complete', () => {
		const t = graph.traceToRequirements('M-1', 2);
		assert.equal(t.paths.length, 2);
		assert.equal(t.truncated, true);
		assert.deepEqual(t.requirements, ['SR-1', 'SR-2']);
	});

	it('answers trace and completeness correctly on a 10,000-node graph (speed: test/bench/storeBench.ts)', () => {
		const nodes: StpaNode[] = [{ id: 'SH-1', kind: 'stakeholder', label: 'sh' }];
		const edges: StpaEdge[] = [];
		const chains = 1430;
		for (let i = 1; i <= chains; i++) {
			nodes.push(
				{ id: `SR-${i}`, kind: 'stakeholderRequirement', label: 'r' },
				{ id: `L-${i}`, kind: 'loss', label: 'l' },
				{ id: `H-${i}`, kind: 'vulnerability', label: 'h' },
				{ id: `SC-${i}`, kind: 'securityConstraint', label: 'sc' },
				{ id: `LS-${i}`, kind: 'lossScenario', label: 'ls', scenarioKind: 'a', causalFactor: 'x' },
				{ id: `T-${i}`, kind: 'threat', label: 't', stride: 'tampering', cwe: 'CWE-89', anchor: { file: 'a.ts', function: 'f' }, vector: 'v', requiredProtection: 'p', status: 'open' },
				{ id: `M-${i}`, kind: 'mitigation', label: 'm', status: 'proposed' },
			);
			edges.push(
				{ kind: 'concerns', source: `SR-${i}`, target: 'SH-1' },
				{ kind: 'violates', source: `L-${i}`, target: `SR-${i}` },
				{ kind: 'leadsTo', source: `H-${i}`, target: `L-${i}` },
				{ kind: 'leadsTo', source: `H-${i}`, target: `L-${(i % chains) + 1}` },
				{ kind: 'prevents', source: `SC-${i}`, target: `H-${i}` },
				{ kind: 'realizes', source: `T-${i}`, target: `H-${i}` },
				{ kind: 'mitigates', source: `M-${i}`, target: `T-${i}` },
				{ kind: 'implements', source: `M-${i}`, target: `SC-${i}` },
			);
		}
		const big: StpaGraph = { schemaVersion: 1, nodes, edges };
		const g = new TraceGraph(big);
		const t = g.traceToRequirements('M-7');
		assert.deepEqual(t.requirements, ['SR-7', 'SR-8']);
		// Loss scenarios are left unconnected, so they are neither in the impact set nor traced.
		assert.equal(g.impactOf('SH-1').length, nodes.length - 1 - chains);
		assert.deepEqual(g.untracedMitigations(), []);
		const problems = g.completeness();
		assert.ok(nodes.length >= 10_000);
		// Every LS explains nothing in this synthetic model.
		assert.equal(problems.length, chains);
	});
});
