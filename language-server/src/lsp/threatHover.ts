import type { Hover, Position } from 'vscode-languageserver';
import type { ThreatEvaluation } from '../engine/threats/types';
import type { Range } from '../engine/types';

const inside = (r: Range, p: Position): boolean =>
	(r.start.line < p.line || (r.start.line === p.line && r.start.character <= p.character)) && (r.end.line > p.line || (r.end.line === p.line && r.end.character >= p.character));

const size = (r: Range): number => (r.end.line - r.start.line) * 10_000 + (r.end.character - r.start.character);

/** The threats of the innermost anchored function at a position. */
export function threatsAt(evaluations: readonly ThreatEvaluation[], position: Position): ThreatEvaluation[] {
	const around = evaluations.filter((e) => inside(e.functionRange, position) || inside(e.anchorRange, position));
	if (around.length === 0) {
		return [];
	}
	const smallest = Math.min(...around.map((e) => size(e.functionRange)));
	return around.filter((e) => size(e.functionRange) === smallest);
}

const verdictText: Record<ThreatEvaluation['verdict'], string> = { mitigated: '✅ mitigated', missing: '⚠️ missing', unknown: '❔ unknown (no checker)' };

/** Escapes Markdown so model text renders as text. */
const md = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');

/** Hover on a function with threats: CWE, protection, status, evidence and the trace breadcrumb. */
export function threatHover(evaluations: readonly ThreatEvaluation[], position: Position): Hover | undefined {
	const here = threatsAt(evaluations, position);
	if (here.length === 0) {
		return undefined;
	}
	const lines = [`**Rampart threat model** — ${here.length} threat${here.length === 1 ? '' : 's'}`, ''];
	for (const e of here) {
		const t = e.threat;
		lines.push(`**${md(t.id)}** ${md(t.title)}${t.cwe ? ` · ${md(t.cwe)}` : ''} · severity ${t.severity}`);
		lines.push(`- protection: ${md(e.protection)} — ${verdictText[e.verdict]}`);
		if (e.evidence) {
			lines.push(`- evidence (${e.evidence.location}${e.evidence.via ? `: ${md(e.evidence.via)}` : ''}): ${md(e.evidence.description)}`);
		}
		if (e.violation) {
			lines.push(`- problem: ${md(e.violation.description)} (line ${e.violation.range.start.line + 1})`);
		}
		lines.push(`- model status: ${md(t.modelStatus)}`);
		for (const path of t.trace.length > 0 ? t.trace : [[t.id]]) {
			lines.push(`- trace: ${path.map(md).join(' → ')}${t.trace.length === 0 ? ' (no path to a stakeholder requirement yet)' : ''}`);
		}
		lines.push('');
	}
	return { contents: { kind: 'markdown', value: lines.join('\n') } };
}
