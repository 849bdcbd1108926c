// Seeds the STPA-Sec graph from the PRD, the architecture's entry interfaces and the threat model,
// deterministically, so every node is linked and every mitigation traces to a stakeholder
// requirement with no hand editing:
//   SH ←concerns SR ←violates L ←leadsTo H ←prevents SC ←refines CC ←implements M
//   UCA(instanceOf CA, causes H) ←inverts CC;  LS explains UCA;  T realizes LS and H;  M mitigates T
// A threat is tied to the losses whose requirement covers its STRIDE category's C/I/A property.
import type { StrideCategory } from '../store/schemas/common';
import { SCHEMA_VERSION, type Architecture, type Prd, type StpaEdge, type StpaGraph, type StpaNode, type ThreatModel } from '../store/schemas';
import { securityDesignOf } from './stages/prdStage';
import { foldText } from './threatMerge';

type Cia = 'C' | 'I' | 'A';

const strideCia: Record<StrideCategory, Cia> = {
	spoofing: 'I',
	tampering: 'I',
	repudiation: 'I',
	informationDisclosure: 'C',
	denialOfService: 'A',
	elevationOfPrivilege: 'I',
};

/** Which of C/I/A a requirement's wording protects (all three when it says none). */
export function ciaOf(text: string): Cia[] {
	const t = text.toLowerCase();
	const out: Cia[] = [];
	if (/confidential|secret|password|encrypt|hash|leak|disclos|privacy|personal|token|credential|tls|https/.test(t)) {out.push('C');}
	if (/integrit|tamper|validat|inject|authori[sz]|authentic|access|sign|sanitiz|sanitis|csrf|session|role/.test(t)) {out.push('I');}
	if (/availab|rate.?limit|denial|dos\b|timeout|brute|lockout|throttl/.test(t)) {out.push('A');}
	return out.length > 0 ? out : ['C', 'I', 'A'];
}

export function seedStpaGraph(prd: Prd, architecture: Architecture, threatModel: ThreatModel): StpaGraph {
	const nodes: StpaNode[] = [];
	const edges: StpaEdge[] = [];
	const link = (kind: StpaEdge['kind'], source: string, target: string) => {
		if (!edges.some((e) => e.kind === kind && e.source === source && e.target === target)) {
			edges.push({ kind, source, target });
		}
	};
	const stakeholders = (prd.users.length > 0 ? prd.users : [{ role: 'Operator', description: 'runs the system' }]).map((u, i) => {
		const node: StpaNode = { kind: 'stakeholder', id: `SH-${i + 1}`, label: u.role, description: u.description };
		nodes.push(node);
		return node.id;
	});
	const design = securityDesignOf(prd);
	const requirements = (design.length > 0 ? design : ['The system protects its users\' data and operations']).map((text, i) => {
		const cia = ciaOf(text);
		const id = `SR-${i + 1}`;
		nodes.push({ kind: 'stakeholderRequirement', id, label: text.slice(0, 120), description: text, cia });
		stakeholders.forEach((sh) => link('concerns', id, sh));
		const loss = `L-${i + 1}`;
		nodes.push({ kind: 'loss', id: loss, label: `Violation: ${text.slice(0, 100)}` });
		link('violates', loss, id);
		return { id, loss, cia };
	});
	const lossesFor = (stride: StrideCategory): string[] => {
		const matching = requirements.filter((r) => r.cia.includes(strideCia[stride])).map((r) => r.loss);
		return matching.length > 0 ? matching : [requirements[0]!.loss];
	};

	// Control structure: the client controls each entry interface's process.
	nodes.push({ kind: 'controller', id: 'C-1', label: 'Client (untrusted caller)' });
	const processOf = new Map<string, string>();
	const actionOf = new Map<string, string>();
	const entries = threatModel.entryInterfaces.length > 0 ? threatModel.entryInterfaces : [...new Set(threatModel.threats.map((t) => t.anchor.file))].map((file) => ({ name: `invoke ${file}`, anchor: { file, function: '(module)' }, exposure: 'public' as const }));
	entries.forEach((entry, i) => {
		let process = processOf.get(entry.anchor.file);
		if (!process) {
			process = `P-${processOf.size + 1}`;
			processOf.set(entry.anchor.file, process);
			nodes.push({ kind: 'controlledProcess', id: process, label: entry.anchor.file });
		}
		const ca = `CA-${i + 1}`;
		nodes.push({ kind: 'controlAction', id: ca, label: entry.name, from: 'C-1', to: process });
		actionOf.set(`${entry.anchor.file}#${entry.anchor.function}`, ca);
		actionOf.set(entry.anchor.file, actionOf.get(entry.anchor.file) ?? ca);
	});
	const firstAction = [...actionOf.values()][0] ?? 'CA-1';
	const deps = new Map(architecture.files.map((f) => [f.path, f.dependsOn]));
	/** The control action whose entry file is the threat's file or reaches it through dependencies. */
	const actionFor = (file: string): string => {
		if (actionOf.has(file)) {
			return actionOf.get(file)!;
		}
		for (const entry of entries) {
			const seen = new Set<string>();
			const queue = [entry.anchor.file];
			while (queue.length > 0) {
				const next = queue.shift()!;
				if (next === file) {
					return actionOf.get(entry.anchor.file)!;
				}
				for (const d of deps.get(next) ?? []) {
					if (!seen.has(d)) {
						seen.add(d);
						queue.push(d);
					}
				}
			}
		}
		return firstAction;
	};

	const codeElements = new Map<string, string>();
	const codeElement = (file: string, fn: string): string => {
		const key = `${file}#${fn}`;
		let id = codeElements.get(key);
		if (!id) {
			id = `CE-${codeElements.size + 1}`;
			codeElements.set(key, id);
			nodes.push({ kind: 'codeElement', id, label: key, file, ...(fn === '(module)' ? {} : { function: fn }) });
		}
		return id;
	};
	const mitigations = new Map<string, string>();
	threatModel.threats.forEach((threat, i) => {
		const n = i + 1;
		const h = `H-${n}`;
		nodes.push({ kind: 'vulnerability', id: h, label: `${threat.title} possible in ${threat.anchor.file}#${threat.anchor.function}` });
		lossesFor(threat.stride).forEach((l) => link('leadsTo', h, l));
		const sc = `SC-${n}`;
		nodes.push({ kind: 'securityConstraint', id: sc, label: `${threat.anchor.file}#${threat.anchor.function} must: ${threat.requiredProtection}`.slice(0, 200) });
		link('prevents', sc, h);
		const uca = `UCA-${n}`;
		nodes.push({ kind: 'unsecureControlAction', id: uca, label: `${threat.title} accepted`, ucaType: 'provided', context: threat.vector });
		link('instanceOf', uca, actionFor(threat.anchor.file));
		link('causes', uca, h);
		const cc = `CC-${n}`;
		nodes.push({ kind: 'controllerConstraint', id: cc, label: `Reject: ${threat.vector}`.slice(0, 200) });
		link('inverts', cc, uca);
		link('refines', cc, sc);
		const ls = `LS-${n}`;
		nodes.push({ kind: 'lossScenario', id: ls, label: threat.title, scenarioKind: 'a', causalFactor: threat.vector });
		link('explains', ls, uca);
		const t = `T-${n}`;
		nodes.push({ kind: 'threat', id: t, label: threat.title, stride: threat.stride, ...(threat.cwe ? { cwe: threat.cwe } : {}), anchor: threat.anchor, vector: threat.vector, requiredProtection: threat.requiredProtection, status: threat.status });
		link('realizes', t, ls);
		link('realizes', t, h);
		const ce = codeElement(threat.anchor.file, threat.anchor.function);
		link('locatedIn', t, ce);
		// One mitigation per required protection (per file): threats needing the same protection share it.
		const key = `${threat.anchor.file}|${foldText(threat.requiredProtection)}`;
		let m = mitigations.get(key);
		if (!m) {
			m = `M-${mitigations.size + 1}`;
			mitigations.set(key, m);
			nodes.push({ kind: 'mitigation', id: m, label: threat.requiredProtection.slice(0, 200), status: 'proposed', anchor: threat.anchor });
			link('locatedIn', m, ce);
		}
		link('mitigates', m, t);
		link('implements', m, cc);
		link('implements', m, sc);
	});
	return { schemaVersion: SCHEMA_VERSION, title: `${prd.title}: STPA-Sec`, nodes, edges };
}
