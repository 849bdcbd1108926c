import type { DocumentDiff, LoadedArtifacts } from '../analysisStore';
import type { Verdict } from '../schemas/runRecord';
import type { StpaGraph, StpaNode } from '../schemas/stpaGraph';
import { TraceGraph, type CompletenessOptions, type CompletenessProblem } from '../traceGraph';

/** One analysis to report on: a workspace's documents and, optionally, what changed since a version. */
export interface ReportInput {
	readonly name: string;
	readonly documents: LoadedArtifacts;
	readonly changes?: { readonly since: string; readonly head: string; readonly diff: readonly DocumentDiff[] };
	readonly completeness?: CompletenessOptions;
}

export interface MitigationLine {
	readonly id: string;
	readonly label: string;
	readonly status: string;
	readonly evidence: string[];
}
export interface ConstraintLine { readonly id: string; readonly label: string; readonly mitigations: MitigationLine[] }
export interface VulnerabilityLine { readonly id: string; readonly label: string; readonly constraints: ConstraintLine[] }
export interface LossLine { readonly id: string; readonly label: string; readonly vulnerabilities: VulnerabilityLine[] }
export interface RequirementLine { readonly id: string; readonly label: string; readonly stakeholders: string[]; readonly losses: LossLine[] }

export interface ThreatLine {
	readonly id: string;
	readonly title: string;
	readonly severity: 'critical' | 'high' | 'medium' | 'low' | 'unrated';
	readonly status: string;
	readonly cwe?: string;
	readonly where: string;
}

export interface ReportData {
	readonly name: string;
	readonly title: string;
	readonly requirements: RequirementLine[];
	readonly openThreats: ThreatLine[];
	readonly findings: { id: string; label: string; ruleId: string; cwe?: string; where: string; threats: string[] }[];
	readonly problems: CompletenessProblem[];
	readonly runs: { id: string; kind: string; status: string; startedAt: string; summary: string; stages: string[]; verdicts: Verdict[] }[];
	readonly changes?: { since: string; head: string; lines: string[] };
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'unrated'] as const;
const OPEN = new Set(['open', 'inProgress']);

const named = (n: StpaNode | undefined, id: string): { id: string; label: string } => ({ id, label: n?.label ?? id });

/** Walks the graph and the other documents into the rows a report shows. */
export function collectReport(input: ReportInput): ReportData {
	const docs = input.documents;
	const graph: StpaGraph = docs.stpa ?? { schemaVersion: 1, nodes: [], edges: [] };
	const index = new TraceGraph(graph);
	const node = (id: string): StpaNode | undefined => index.nodes.get(id);
	const sources = (target: string, kind: string): string[] => graph.edges.filter((e) => e.target === target && e.kind === kind).map((e) => e.source);
	const targets = (source: string, kind: string): string[] => graph.edges.filter((e) => e.source === source && e.kind === kind).map((e) => e.target);
	const tmThreats = new Map((docs.threatModel?.threats ?? []).map((t) => [t.id, t]));
	const verdicts = (docs.runs?.runs ?? []).flatMap((r) => r.verdicts ?? []);

	const evidenceOf = (m: StpaNode): string[] => {
		const out: string[] = [];
		if (m.kind === 'mitigation' && m.anchor) {
			out.push(`code: ${m.anchor.file}#${m.anchor.function}${m.anchor.line ? `:${m.anchor.line}` : ''}`);
		}
		for (const t of targets(m.id, 'mitigates')) {
			for (const f of sources(t, 'evidences')) {
				const fn = node(f);
				out.push(fn?.kind === 'finding' ? `finding ${f} (${fn.ruleId}) at ${fn.uri}:${fn.startLine} on ${t}` : `finding ${f} on ${t}`);
			}
			for (const link of tmThreats.get(t)?.evidence ?? []) {
				out.push(`${t}: ${link}`);
			}
			for (const v of verdicts.filter((x) => x.threatId === t)) {
				out.push(`verification ${v.step}: ${v.verdict} for ${t}${v.evidence ? ` (${v.evidence})` : ''}`);
			}
		}
		return out;
	};
	const mitigationsOf = (sc: string): MitigationLine[] => {
		const ids = new Set([...sources(sc, 'implements'), ...sources(sc, 'refines').flatMap((cc) => sources(cc, 'implements'))]);
		return [...ids].sort().map((id) => {
			const m = node(id);
			return { ...named(m, id), status: m?.kind === 'mitigation' ? m.status : 'unknown', evidence: m ? evidenceOf(m) : [] };
		});
	};
	const vulnerabilitiesOf = (loss: string): VulnerabilityLine[] => {
		const ids = new Set<string>();
		const queue = sources(loss, 'leadsTo');
		for (const id of queue) {
			if (!ids.has(id)) {
				ids.add(id);
				queue.push(...sources(id, 'refines'));
			}
		}
		return [...ids].map((h) => ({
			...named(node(h), h),
			constraints: sources(h, 'prevents').map((sc) => ({ ...named(node(sc), sc), mitigations: mitigationsOf(sc) })),
		}));
	};
	const requirements = graph.nodes
		.filter((n) => n.kind === 'stakeholderRequirement')
		.map((r) => ({
			id: r.id,
			label: r.label,
			stakeholders: targets(r.id, 'concerns').map((s) => `${s} ${node(s)?.label ?? ''}`.trim()),
			losses: sources(r.id, 'violates').map((l) => ({ ...named(node(l), l), vulnerabilities: vulnerabilitiesOf(l) })),
		}));

	const threats: ThreatLine[] = [];
	for (const t of docs.threatModel?.threats ?? []) {
		if (OPEN.has(t.status)) {
			threats.push({ id: t.id, title: t.title, severity: t.severity, status: t.status, cwe: t.cwe, where: `${t.anchor.file}#${t.anchor.function}` });
		}
	}
	for (const n of graph.nodes) {
		if (n.kind === 'threat' && OPEN.has(n.status) && !tmThreats.has(n.id)) {
			threats.push({ id: n.id, title: n.label, severity: 'unrated', status: n.status, cwe: n.cwe, where: `${n.anchor.file}#${n.anchor.function}` });
		}
	}
	threats.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.id.localeCompare(b.id, 'en', { numeric: true }));

	return {
		name: input.name,
		title: docs.prd?.title ?? graph.title ?? input.name,
		requirements,
		openThreats: threats,
		findings: graph.nodes.flatMap((n) =>
			n.kind === 'finding' ? [{ id: n.id, label: n.label, ruleId: n.ruleId, cwe: n.cwe, where: `${n.uri}:${n.startLine}`, threats: targets(n.id, 'evidences') }] : [],
		),
		problems: index.completeness(input.completeness),
		runs: (docs.runs?.runs ?? []).map((r) => ({
			id: r.id,
			kind: r.kind,
			status: r.status,
			startedAt: r.startedAt,
			summary: r.summary,
			stages: r.stages.map((s) => `${s.name}: ${s.status}${s.detail ? ` (${s.detail})` : ''}`),
			verdicts: r.verdicts ?? [],
		})),
		changes: input.changes && { since: input.changes.since, head: input.changes.head, lines: describeChanges(input.changes.diff) },
	};
}

/** One line per change: graph nodes and edges by id, other documents by JSON path. */
export function describeChanges(diff: readonly DocumentDiff[]): string[] {
	const lines: string[] = [];
	for (const d of diff) {
		if (d.graph) {
			const g = d.graph;
			lines.push(...g.nodesAdded.map((n) => `added ${n.kind} ${n.id}: ${n.label}`));
			lines.push(...g.nodesRemoved.map((n) => `removed ${n.kind} ${n.id}: ${n.label}`));
			lines.push(...g.nodesChanged.map((c) => `changed ${c.after.kind} ${c.id}: ${c.fields.join(', ')}`));
			lines.push(...g.edgesAdded.map((e) => `added edge ${e.source} -${e.kind}-> ${e.target}`));
			lines.push(...g.edgesRemoved.map((e) => `removed edge ${e.source} -${e.kind}-> ${e.target}`));
			lines.push(...g.edgesChanged.map((e) => `changed edge ${e.key}`));
		} else if (d.status !== 'changed') {
			lines.push(`${d.status} document ${d.kind}`);
		} else {
			lines.push(...(d.changes ?? []).map((c) => `${d.kind}: ${c.kind} ${c.path}`));
		}
	}
	return lines;
}
