// Analysis-store bench: trace queries and completeness on a generated 10,000-node STPA-Sec model,
// and the full deterministic re-analysis after one edit on a 2,000-node model (target < 2 s):
// write the new version through the store (validate, hash, atomic writes, compare-and-swap),
// read it back validated, rebuild the index, run every completeness rule with the threat-to-code
// check, and trace every mitigation to the stakeholder requirements.
// Run alone: node --import tsx -e "import('./test/bench/storeBench.ts').then((m) => (m.benchStore ?? m.default.benchStore)(console.log))"
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisStore } from '../../src/core/store/analysisStore';
import { stpaGraphSchema, type StpaEdge, type StpaGraph, type StpaNode } from '../../src/core/store/schemas';
import { TraceGraph } from '../../src/core/store/traceGraph';

/** A layered model of about `target` nodes: chains with cross links, control structure, UCAs, scenarios, threats, findings, code. */
export function generateModel(target: number): StpaGraph {
	const nodes: StpaNode[] = [{ id: 'SH-1', kind: 'stakeholder', label: 'customer' }, { id: 'SH-2', kind: 'stakeholder', label: 'operator' }];
	const edges: StpaEdge[] = [];
	const chains = Math.ceil((target - 2) / 14);
	for (let i = 1; i <= chains; i++) {
		const next = (i % chains) + 1;
		nodes.push(
			{ id: `SR-${i}`, kind: 'stakeholderRequirement', label: `requirement ${i}` },
			{ id: `L-${i}`, kind: 'loss', label: `loss ${i}` },
			{ id: `H-${i}`, kind: 'vulnerability', label: `vulnerability ${i}` },
			{ id: `SC-${i}`, kind: 'securityConstraint', label: `constraint ${i}` },
			{ id: `C-${i}`, kind: 'controller', label: `controller ${i}` },
			{ id: `P-${i}`, kind: 'controlledProcess', label: `process ${i}` },
			{ id: `CA-${i}`, kind: 'controlAction', label: `action ${i}`, from: `C-${i}`, to: `P-${i}` },
			{ id: `UCA-${i}`, kind: 'unsecureControlAction', label: `uca ${i}`, ucaType: 'provided', context: 'ctx' },
			{ id: `CC-${i}`, kind: 'controllerConstraint', label: `cc ${i}` },
			{ id: `LS-${i}`, kind: 'lossScenario', label: `scenario ${i}`, scenarioKind: 'a', causalFactor: 'tampered input' },
			{ id: `T-${i}`, kind: 'threat', label: `threat ${i}`, stride: 'tampering', cwe: 'CWE-89', anchor: { file: `src/m${i % 50}.ts`, function: `f${i}` }, vector: 'v', requiredProtection: 'p', status: 'open' },
			{ id: `F-${i}`, kind: 'finding', label: `finding ${i}`, ruleId: 'r', uri: `src/m${i % 50}.ts`, startLine: i },
			{ id: `M-${i}`, kind: 'mitigation', label: `mitigation ${i}`, status: 'proposed' },
			{ id: `CE-${i}`, kind: 'codeElement', label: `f${i}()`, file: `src/m${i % 50}.ts`, function: `f${i}` },
		);
		edges.push(
			{ kind: 'concerns', source: `SR-${i}`, target: `SH-${1 + (i % 2)}` },
			{ kind: 'violates', source: `L-${i}`, target: `SR-${i}` },
			{ kind: 'violates', source: `L-${i}`, target: `SR-${next}` },
			{ kind: 'leadsTo', source: `H-${i}`, target: `L-${i}` },
			{ kind: 'prevents', source: `SC-${i}`, target: `H-${i}` },
			{ kind: 'instanceOf', source: `UCA-${i}`, target: `CA-${i}` },
			{ kind: 'causes', source: `UCA-${i}`, target: `H-${i}` },
			{ kind: 'inverts', source: `CC-${i}`, target: `UCA-${i}` },
			{ kind: 'refines', source: `CC-${i}`, target: `SC-${i}` },
			{ kind: 'explains', source: `LS-${i}`, target: `UCA-${i}` },
			{ kind: 'realizes', source: `T-${i}`, target: `LS-${i}` },
			{ kind: 'evidences', source: `F-${i}`, target: `T-${i}` },
			{ kind: 'mitigates', source: `M-${i}`, target: `T-${i}` },
			{ kind: 'implements', source: `M-${i}`, target: `CC-${i}` },
			{ kind: 'locatedIn', source: `T-${i}`, target: `CE-${i}` },
		);
	}
	return { schemaVersion: 1, title: `generated ${nodes.length} nodes`, nodes, edges };
}

const ms = (start: number): number => performance.now() - start;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function timeQueries(graph: StpaGraph, samples: number): { build: number; trace: number[]; impact: number[]; completeness: number } {
	let start = performance.now();
	const index = new TraceGraph(graph);
	const build = ms(start);
	const mitigations = graph.nodes.filter((n) => n.kind === 'mitigation').map((n) => n.id);
	const losses = graph.nodes.filter((n) => n.kind === 'loss').map((n) => n.id);
	const trace: number[] = [];
	const impact: number[] = [];
	for (let i = 0; i < samples; i++) {
		start = performance.now();
		const t = index.traceToRequirements(mitigations[(i * 7919) % mitigations.length]!);
		trace.push(ms(start));
		if (t.requirements.length !== 2) {
			throw new Error(`bench model broken: ${t.start} reaches ${t.requirements.length} requirements`);
		}
		start = performance.now();
		index.impactOf(losses[(i * 104729) % losses.length]!);
		impact.push(ms(start));
	}
	const functions = new Set(graph.nodes.flatMap((n) => (n.kind === 'codeElement' && n.function ? [`${n.file}#${n.function}`] : [])));
	start = performance.now();
	const problems = index.completeness({ functionExists: (file, fn) => functions.has(`${file}#${fn}`) });
	const completeness = ms(start);
	if (problems.length !== 0) {
		throw new Error(`bench model broken: ${problems.length} completeness problems`);
	}
	return { build, trace, impact, completeness };
}

/** Prints the store figures as a table through `out`. */
export async function benchStore(out: (line: string) => void): Promise<void> {
	const rows: string[][] = [];
	const big = generateModel(10_000);
	const q = timeQueries(big, 200);
	const n = `${big.nodes.length} nodes, ${big.edges.length} edges`;
	rows.push(['index build', n, `${q.build.toFixed(1)} ms`, '']);
	rows.push(['traceToRequirements (200 mitigations)', n, `median ${pct(q.trace, 50).toFixed(2)} ms`, `p95 ${pct(q.trace, 95).toFixed(2)} ms`]);
	rows.push(['impactOf (200 losses)', n, `median ${pct(q.impact, 50).toFixed(2)} ms`, `p95 ${pct(q.impact, 95).toFixed(2)} ms`]);
	rows.push(['completeness, all rules + threat-to-code', n, `${q.completeness.toFixed(1)} ms`, '']);

	const ws = await fs.mkdtemp(join(tmpdir(), 'rampart-store-bench-'));
	try {
		const model = generateModel(2_000);
		const store = AnalysisStore.forWorkspace(ws);
		await store.write({ stpa: model }, { author: { kind: 'user', name: 'bench' }, message: 'base' });
		const runs: number[] = [];
		for (let round = 0; round < 5; round++) {
			const edited = structuredClone(model);
			const node = edited.nodes[100 + round]!;
			node.label = `${node.label} (edit ${round})`;
			const start = performance.now();
			await store.write({ stpa: edited }, { author: { kind: 'user', name: 'bench' }, message: `edit ${round}` });
			const graph = (await AnalysisStore.forWorkspace(ws).read('stpa'))!;
			stpaGraphSchema.parse(graph);
			const index = new TraceGraph(graph);
			const functions = new Set(graph.nodes.flatMap((x) => (x.kind === 'codeElement' && x.function ? [`${x.file}#${x.function}`] : [])));
			index.completeness({ functionExists: (file, fn) => functions.has(`${file}#${fn}`) });
			for (const m of graph.nodes) {
				if (m.kind === 'mitigation') {
					index.traceToRequirements(m.id);
				}
			}
			runs.push(ms(start));
		}
		const worst = Math.max(...runs);
		rows.push([
			're-analysis after one edit (store write + read + validate + completeness + every trace)',
			`${model.nodes.length} nodes`,
			`median ${pct(runs, 50).toFixed(0)} ms`,
			`max ${worst.toFixed(0)} ms, target < 2000 ms: ${worst < 2000 ? 'met' : 'MISSED'}`,
		]);
	} finally {
		await fs.rm(ws, { recursive: true, force: true });
	}
	const header = ['Store operation', 'Model', 'Time', 'Spread / target'];
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
	out(line(header));
	out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	rows.forEach((r) => out(line(r)));
}
