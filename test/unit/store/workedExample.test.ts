import * as assert from 'node:assert/strict';
import { NODE_KINDS } from '../../../src/core/store/schemas';
import { TraceGraph, type CompletenessRule } from '../../../src/core/store/traceGraph';
import { loadShopfront } from './helpers';

/** Every rule the checks know; the compiler keeps this list complete (see `satisfies`). */
const ALL_RULES = {
	'loss-without-requirement': 'L-3',
	'requirement-without-stakeholder': 'SR-3',
	'vulnerability-without-loss': 'H-4',
	'constraint-without-vulnerability': 'SC-3',
	'uca-without-vulnerability': 'UCA-3',
	'uca-without-controller-constraint': 'UCA-3',
	'scenario-without-target': 'LS-3',
	'mitigation-untraced': 'M-4',
	'threat-without-mitigation': 'T-3',
	'threat-without-cwe': 'T-3',
	'threat-function-missing': 'T-4',
} as const satisfies Record<CompletenessRule, string>;

describe('worked example: Shopfront (login, password reset, card payments)', () => {
	const graph = loadShopfront();
	const trace = new TraceGraph(graph);

	it('has every node kind, including the payment part of the shop', () => {
		for (const kind of NODE_KINDS) {
			assert.ok(graph.nodes.some((n) => n.kind === kind), kind);
		}
		const labels = graph.nodes.map((n) => n.label.toLowerCase()).join('\n');
		assert.match(labels, /login/);
		assert.match(labels, /payment/);
		assert.match(labels, /webhook/);
		assert.ok(new Set(graph.nodes.filter((n) => n.kind === 'unsecureControlAction').map((n) => n.kind === 'unsecureControlAction' && n.ucaType)).size >= 2);
	});

	it('traces one mitigation fully to two stakeholder requirements and their stakeholders', () => {
		const t = trace.traceToRequirements('M-1');
		assert.deepEqual(t.requirements, ['SR-1', 'SR-2']);
		assert.deepEqual(t.stakeholders, ['SH-1', 'SH-2']);
		assert.ok(t.paths.some((p) => p.nodes.at(-1) === 'SR-1') && t.paths.some((p) => p.nodes.at(-1) === 'SR-2'));
		// The payment mitigation goes through the control structure to its own requirement.
		const pay = trace.traceToRequirements('M-5');
		assert.ok(pay.paths.map((p) => p.breadcrumb).includes('M-5 →implements CC-3 →inverts UCA-4 →causes H-6 →leadsTo L-4 →violates SR-4'));
		assert.deepEqual(pay.stakeholders, ['SH-2']);
	});

	it('has exactly one of each completeness problem, and the checks find every one', () => {
		const missing = new Set(['src/routes/reset.ts#resetPassword']);
		const problems = trace.completeness({ functionExists: (file, fn) => !missing.has(`${file}#${fn}`) });
		const rules = Object.keys(ALL_RULES) as CompletenessRule[];
		for (const rule of rules) {
			const hits = problems.filter((p) => p.rule === rule);
			assert.equal(hits.length, 1, `${rule}: ${hits.map((h) => h.nodeId).join(', ')}`);
			assert.equal(hits[0]!.nodeId, ALL_RULES[rule], rule);
			assert.equal(hits[0]!.id, `${rule}:${ALL_RULES[rule]}`);
		}
		assert.equal(problems.length, rules.length, 'nothing else is reported');
		// Fixing a problem makes its finding go away, without new ones.
		const fixed = structuredClone(graph);
		fixed.edges.push({ kind: 'violates', source: 'L-3', target: 'SR-1' });
		const after = new TraceGraph(fixed).completeness({ functionExists: (file, fn) => !missing.has(`${file}#${fn}`) });
		assert.deepEqual(
			after.map((p) => p.id),
			problems.map((p) => p.id).filter((id) => id !== 'loss-without-requirement:L-3'),
		);
	});
});
