import { STRUCTURAL_EDGES, type EdgeKind, type NodeKind, type StpaEdge, type StpaGraph, type StpaNode } from './schemas/stpaGraph';

/** One step of a trace path: the edge taken to reach `to`. */
export interface TraceStep {
	readonly from: string;
	readonly edge: EdgeKind;
	readonly to: string;
}

export interface TracePath {
	readonly nodes: string[];
	readonly steps: TraceStep[];
	/** `M-1 →implements CC-1 →inverts UCA-1 → … → SR-1`. */
	readonly breadcrumb: string;
}

export interface TraceResult {
	readonly start: string;
	/** Every upward path from the start to a stakeholder requirement. */
	readonly paths: TracePath[];
	/** True when the path list hit `maxPaths` and is incomplete (the node/edge sets are complete). */
	readonly truncated: boolean;
	readonly requirements: string[];
	readonly stakeholders: string[];
	/** Every node and edge on some path, plus the `concerns` edges to the stakeholders: what to highlight. */
	readonly nodeIds: string[];
	readonly edges: StpaEdge[];
}

export type CompletenessRule =
	| 'loss-without-requirement'
	| 'requirement-without-stakeholder'
	| 'vulnerability-without-loss'
	| 'constraint-without-vulnerability'
	| 'uca-without-vulnerability'
	| 'uca-without-controller-constraint'
	| 'scenario-without-target'
	| 'mitigation-untraced'
	| 'threat-without-mitigation'
	| 'threat-without-cwe'
	| 'threat-function-missing';

export interface CompletenessProblem {
	/** Stable: rule plus node id, so a diagnostic keeps its identity across edits. */
	readonly id: string;
	readonly rule: CompletenessRule;
	readonly nodeId: string;
	readonly message: string;
	readonly severity: 'error' | 'warning';
}

export interface CompletenessOptions {
	/** When given, threats anchored to a function this says is gone are reported. */
	readonly functionExists?: (file: string, fn: string) => boolean;
}

/** An indexed, read-only view of one STPA-Sec graph for fast queries. */
export class TraceGraph {
	readonly nodes = new Map<string, StpaNode>();
	private readonly out = new Map<string, StpaEdge[]>();
	private readonly in = new Map<string, StpaEdge[]>();

	constructor(readonly graph: StpaGraph) {
		for (const n of graph.nodes) {
			this.nodes.set(n.id, n);
			this.out.set(n.id, []);
			this.in.set(n.id, []);
		}
		for (const e of graph.edges) {
			this.out.get(e.source)?.push(e);
			this.in.get(e.target)?.push(e);
		}
	}

	kindOf(id: string): NodeKind | undefined {
		return this.nodes.get(id)?.kind;
	}

	private upward(id: string): StpaEdge[] {
		return (this.out.get(id) ?? []).filter((e) => !STRUCTURAL_EDGES.has(e.kind));
	}

	private downward(id: string): StpaEdge[] {
		return (this.in.get(id) ?? []).filter((e) => !STRUCTURAL_EDGES.has(e.kind));
	}

	private outgoing(id: string, kind: EdgeKind): StpaEdge[] {
		return (this.out.get(id) ?? []).filter((e) => e.kind === kind);
	}

	private incoming(id: string, kind: EdgeKind): StpaEdge[] {
		return (this.in.get(id) ?? []).filter((e) => e.kind === kind);
	}

	/** Nodes reachable from `start` over upward edges (start included). */
	private reachableUp(start: string): Set<string> {
		const seen = new Set([start]);
		const queue = [start];
		for (let i = 0; i < queue.length; i++) {
			for (const e of this.upward(queue[i]!)) {
				if (!seen.has(e.target)) {
					seen.add(e.target);
					queue.push(e.target);
				}
			}
		}
		return seen;
	}

	/** Every node below `id`: what an edit to it affects when traced upward. */
	impactOf(id: string): string[] {
		const seen = new Set([id]);
		const queue = [id];
		for (let i = 0; i < queue.length; i++) {
			for (const e of this.downward(queue[i]!)) {
				if (!seen.has(e.source)) {
					seen.add(e.source);
					queue.push(e.source);
				}
			}
		}
		seen.delete(id);
		return [...seen].sort();
	}

	/** Every upward path from a node to stakeholder requirements, and the stakeholders behind them. */
	traceToRequirements(start: string, maxPaths = 1000): TraceResult {
		if (!this.nodes.has(start)) {
			throw new Error(`unknown node ${start}`);
		}
		const reach = this.reachableUp(start);
		// Keep only nodes from which some requirement is reachable: prunes the path search.
		const useful = new Set<string>();
		const requirements = [...reach].filter((id) => this.kindOf(id) === 'stakeholderRequirement');
		const queue = [...requirements];
		for (const r of requirements) {
			useful.add(r);
		}
		for (let i = 0; i < queue.length; i++) {
			for (const e of this.downward(queue[i]!)) {
				if (reach.has(e.source) && !useful.has(e.source)) {
					useful.add(e.source);
					queue.push(e.source);
				}
			}
		}
		const paths: TracePath[] = [];
		let truncated = false;
		const edgeSet = new Map<string, StpaEdge>();
		for (const id of useful) {
			for (const e of this.upward(id)) {
				if (useful.has(e.target) && this.kindOf(id) !== 'stakeholderRequirement') {
					edgeSet.set(`${e.source}|${e.kind}|${e.target}`, e);
				}
			}
		}
		const steps: TraceStep[] = [];
		const onPath = new Set<string>([start]);
		const walk = (id: string): void => {
			if (paths.length >= maxPaths) {
				truncated = true;
				return;
			}
			if (this.kindOf(id) === 'stakeholderRequirement' && id !== start) {
				const nodes = [start, ...steps.map((s) => s.to)];
				const breadcrumb = [start, ...steps.map((s) => `→${s.edge} ${s.to}`)].join(' ');
				paths.push({ nodes, steps: [...steps], breadcrumb });
				return;
			}
			for (const e of this.upward(id)) {
				if (!useful.has(e.target) || onPath.has(e.target)) {
					continue;
				}
				onPath.add(e.target);
				steps.push({ from: id, edge: e.kind, to: e.target });
				walk(e.target);
				steps.pop();
				onPath.delete(e.target);
			}
		};
		if (useful.has(start)) {
			walk(start);
		}
		const stakeholders = new Set<string>();
		for (const r of requirements) {
			for (const e of this.outgoing(r, 'concerns')) {
				stakeholders.add(e.target);
				edgeSet.set(`${e.source}|${e.kind}|${e.target}`, e);
			}
		}
		const nodeIds = new Set([...useful, ...stakeholders]);
		if (!useful.has(start)) {
			nodeIds.add(start);
		}
		return {
			start,
			paths,
			truncated,
			requirements: requirements.sort(),
			stakeholders: [...stakeholders].sort(),
			nodeIds: [...nodeIds].sort(),
			edges: [...edgeSet.values()],
		};
	}

	/** Mitigations from which no stakeholder requirement can be reached. */
	untracedMitigations(): string[] {
		// One reverse search from every requirement: linear in the graph, whatever the number of mitigations.
		const traced = new Set<string>();
		const queue = this.graph.nodes.filter((n) => n.kind === 'stakeholderRequirement').map((n) => n.id);
		for (const id of queue) {
			traced.add(id);
		}
		for (let i = 0; i < queue.length; i++) {
			for (const e of this.downward(queue[i]!)) {
				if (!traced.has(e.source)) {
					traced.add(e.source);
					queue.push(e.source);
				}
			}
		}
		return this.graph.nodes.filter((n) => n.kind === 'mitigation' && !traced.has(n.id)).map((n) => n.id);
	}

	/** The completeness rules of the STPA-Sec method, as data. */
	completeness(options: CompletenessOptions = {}): CompletenessProblem[] {
		const problems: CompletenessProblem[] = [];
		const add = (rule: CompletenessRule, node: StpaNode, message: string, severity: 'error' | 'warning' = 'warning'): void => {
			problems.push({ id: `${rule}:${node.id}`, rule, nodeId: node.id, message: `${node.id} (${node.label}): ${message}`, severity });
		};
		const untraced = new Set(this.untracedMitigations());
		for (const n of this.graph.nodes) {
			switch (n.kind) {
				case 'loss':
					if (this.outgoing(n.id, 'violates').length === 0) {
						add('loss-without-requirement', n, 'loss violates no stakeholder requirement');
					}
					break;
				case 'stakeholderRequirement':
					if (this.outgoing(n.id, 'concerns').length === 0) {
						add('requirement-without-stakeholder', n, 'requirement concerns no stakeholder');
					}
					break;
				case 'vulnerability':
					if (this.outgoing(n.id, 'leadsTo').length === 0 && this.outgoing(n.id, 'refines').length === 0) {
						add('vulnerability-without-loss', n, 'vulnerability leads to no loss');
					}
					break;
				case 'securityConstraint':
					if (this.outgoing(n.id, 'prevents').length === 0 && this.outgoing(n.id, 'refines').length === 0) {
						add('constraint-without-vulnerability', n, 'constraint prevents no vulnerability');
					}
					break;
				case 'unsecureControlAction':
					if (this.outgoing(n.id, 'causes').length === 0) {
						add('uca-without-vulnerability', n, 'unsecure control action causes no vulnerability');
					}
					if (this.incoming(n.id, 'inverts').length === 0) {
						add('uca-without-controller-constraint', n, 'no controller constraint inverts this unsecure control action');
					}
					break;
				case 'lossScenario':
					if (this.outgoing(n.id, 'explains').length === 0) {
						add('scenario-without-target', n, 'loss scenario explains no unsecure control action or control action');
					}
					break;
				case 'mitigation':
					if (untraced.has(n.id)) {
						add('mitigation-untraced', n, 'mitigation traces to no stakeholder requirement', 'error');
					}
					break;
				case 'threat':
					if (this.incoming(n.id, 'mitigates').length === 0) {
						add('threat-without-mitigation', n, 'threat has no mitigation', 'error');
					}
					if (!n.cwe) {
						add('threat-without-cwe', n, 'threat has no CWE');
					}
					if (options.functionExists && !options.functionExists(n.anchor.file, n.anchor.function)) {
						add('threat-function-missing', n, `function ${n.anchor.file}#${n.anchor.function} no longer exists`, 'error');
					}
					break;
				default:
					break;
			}
		}
		return problems;
	}
}
