import * as assert from 'node:assert/strict';
import { canonicalJson } from '../../../src/core/store/canonicalJson';
import { StoreInvalidFileError } from '../../../src/core/store/errors';
import { toOtm, toOtmJson } from '../../../src/core/store/export/otm';
import { fromOtm } from '../../../src/core/store/export/otmImport';
import { otmDocumentSchema } from '../../../src/core/store/export/otmSchema';
import { filterGraph } from '../../../src/core/store/export/filter';
import { stpaGraphSchema, type StpaGraph } from '../../../src/core/store/schemas';
import { loadShopfront } from './helpers';

const HOSTILE = `<script>alert("x&y")</script> 'q' \\ "quoted" \n line2`;

function hostile(): StpaGraph {
	const g = structuredClone(loadShopfront());
	g.title = HOSTILE;
	for (const n of g.nodes) {
		if (n.id === 'T-1' || n.id === 'M-1' || n.id === 'C-1') {
			Object.assign(n, { label: HOSTILE, description: HOSTILE });
		}
	}
	g.edges[0] = { ...g.edges[0]!, label: HOSTILE };
	return stpaGraphSchema.parse(g);
}

describe('Open Threat Model (OTM) export and import', () => {
	it('round-trips: native → OTM → import gives the identical graph (same nodes with every field, same edges, same order)', () => {
		for (const graph of [loadShopfront(), hostile()]) {
			const otm = toOtmJson(graph);
			const back = fromOtm(otm, 'shop.otm.json');
			// "Same" means: canonical JSON of the two graphs is byte-identical, so ids, kinds, labels,
			// descriptions, every STPA-Sec field (UCA type and context, STRIDE, CWE, anchors, statuses),
			// edge kinds and labels, and node and edge order all survive.
			assert.equal(canonicalJson(back.graph), canonicalJson(graph));
			assert.deepEqual(back.warnings, []);
		}
	});

	it('writes a document of the OTM 0.2.0 shape that OTM tools understand', () => {
		const graph = loadShopfront();
		const doc = otmDocumentSchema.parse(JSON.parse(toOtmJson(graph, { severityOf: (id) => (id === 'T-1' ? 'critical' : undefined) })));
		assert.equal(doc.otmVersion, '0.2.0');
		const kinds = (k: string) => graph.nodes.filter((n) => n.kind === k);
		assert.equal(doc.threats!.length, kinds('threat').length);
		assert.equal(doc.mitigations!.length, kinds('mitigation').length);
		assert.equal(doc.components!.length, graph.nodes.length - kinds('threat').length - kinds('mitigation').length);
		const zones = new Set(doc.trustZones!.map((z) => z.id));
		for (const c of doc.components!) {
			assert.ok('trustZone' in c.parent && typeof c.parent.trustZone === 'string' && zones.has(c.parent.trustZone), c.id);
		}
		const ids = new Set(doc.components!.map((c) => c.id));
		for (const f of doc.dataflows!) {
			assert.ok(ids.has(f.source) && ids.has(f.destination), f.id);
		}
		const t1 = doc.threats!.find((t) => t.id === 'T-1')!;
		assert.deepEqual([t1.categories, t1.cwes, t1.risk.impact], [['Tampering'], ['CWE-89'], 100]);
		assert.equal(doc.threats!.find((t) => t.id === 'T-3')!.risk.impactComment, 'not rated');
		// T-1 is located in CE-1 and mitigated by M-1 (implemented): an OTM threat instance in place.
		const ce1 = doc.components!.find((c) => c.id === 'CE-1')!;
		assert.deepEqual(ce1.threats, [{ threat: 'T-1', state: 'MITIGATED', mitigations: [{ mitigation: 'M-1', state: 'IMPLEMENTED' }] }]);
		assert.equal(doc.mitigations!.find((m) => m.id === 'M-5')!.riskReduction, 100);
		assert.equal(doc.mitigations!.find((m) => m.id === 'M-2')!.riskReduction, 0);
	});

	it('keeps hostile text as data: JSON escaping only, nothing interpreted', () => {
		const doc = toOtm(hostile());
		assert.equal(doc.project.name, HOSTILE);
		assert.equal(doc.threats!.find((t) => t.id === 'T-1')!.name, HOSTILE);
		assert.equal(JSON.parse(JSON.stringify(doc)).components.find((c: { id: string }) => c.id === 'C-1').description, HOSTILE);
	});

	it('exports a filtered view (a trace) that imports back to the same subgraph', () => {
		const view = filterGraph(loadShopfront(), { traceFrom: 'M-5' });
		assert.deepEqual(view.nodes.map((n) => n.id).sort(), ['CC-3', 'H-6', 'L-4', 'LS-4', 'M-5', 'SC-6', 'SH-2', 'SR-4', 'T-5', 'UCA-4']);
		assert.equal(canonicalJson(fromOtm(toOtmJson(view)).graph), canonicalJson(view));
	});

	it('imports an OTM file from another tool as far as the method allows, and says what it left out', () => {
		const foreign = {
			otmVersion: '0.1.0',
			project: { name: 'Other tool', id: 'other' },
			trustZones: [{ id: 'internet', name: 'Internet', risk: { trustRating: 1 } }],
			components: [
				{ id: 'web', name: 'Web app', type: 'web-service', parent: { trustZone: 'internet' }, threats: [{ threat: 'sqli', state: 'MITIGATED', mitigations: [{ mitigation: 'prep', state: 'IMPLEMENTED' }] }] },
				{ id: 'db', name: 'Database', type: 'sql-database', parent: { trustZone: 'internet' } },
			],
			dataflows: [{ id: 'q', name: 'query', source: 'web', destination: 'db' }],
			threats: [{ id: 'sqli', name: 'SQL injection', categories: ['Tampering'], cwes: ['CWE-89'], risk: { likelihood: 50, impact: 100 }, attributes: { file: 'src/db.ts', function: 'find' } }],
			mitigations: [{ id: 'prep', name: 'Prepared statements', riskReduction: 100 }],
		};
		const { graph, warnings } = fromOtm(JSON.stringify(foreign), 'other.otm.json');
		const byLabel = new Map(graph.nodes.map((n) => [n.label, n]));
		assert.equal(byLabel.get('Web app')!.kind, 'controlledProcess');
		const ca = byLabel.get('query')!;
		assert.ok(ca.kind === 'controlAction' && ca.from === byLabel.get('Web app')!.id && ca.to === byLabel.get('Database')!.id);
		const t = byLabel.get('SQL injection')!;
		assert.ok(t.kind === 'threat' && t.stride === 'tampering' && t.cwe === 'CWE-89' && t.status === 'mitigated' && t.anchor.function === 'find');
		const m = byLabel.get('Prepared statements')!;
		assert.ok(m.kind === 'mitigation' && m.status === 'implemented');
		assert.deepEqual(graph.edges, [{ kind: 'mitigates', source: m.id, target: t.id }]);
		assert.ok(warnings.some((w) => /trust zone internet/.test(w)));
		assert.ok(warnings.some((w) => /component web: its threat instances/.test(w)));
	});

	it('rejects what it cannot map with the file, the element and the line, never a half graph', () => {
		const text = JSON.stringify(
			{ otmVersion: '0.2.0', project: { name: 'x', id: 'x' }, threats: [{ id: 'a', name: 'A', categories: ['Phishing'], risk: { likelihood: null, impact: 1 } }] },
			null,
			2,
		);
		assert.throws(
			() => fromOtm(text, 'bad.otm.json'),
			(e: unknown) =>
				e instanceof StoreInvalidFileError &&
				e.file === 'bad.otm.json' &&
				e.problems.some((p) => p.path === 'threats[0].categories' && /no STRIDE category \(Phishing\)/.test(p.message) && p.line === 11) &&
				e.problems.some((p) => /no code anchor/.test(p.message)),
		);
		assert.throws(() => fromOtm('{"otmVersion": "0.2.0", "project": ', 'cut.otm.json'), (e: Error & { code?: string }) => e.code === 'corruptFile' && e.message.startsWith('cut.otm.json'));
		assert.throws(() => fromOtm('{"otmVersion": "0.2.0"}', 'np.otm.json'), (e: Error & { code?: string }) => e.code === 'invalidFile' && /project/.test(e.message));
		// A Rampart OTM whose edge was edited into an impossible one fails as an STPA-Sec graph.
		const doc = toOtm(loadShopfront());
		doc.dataflows![0]!.destination = 'L-1';
		assert.throws(() => fromOtm(JSON.stringify(doc), 'edited.otm.json'), /edited\.otm\.json \(as an STPA-Sec graph\).*concerns edge cannot go/);
	});
});
