import type { ReportData } from './reportData';

/**
 * Escapes model or user text for Markdown: HTML-significant characters become entities (so no
 * inline HTML survives), Markdown punctuation that could start emphasis, code, links, tables or
 * strikethrough is backslash-escaped, URLs are broken so they do not autolink, newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
	return text
		.replace(/\r\n|\r|\n/g, ' ')
		.replace(/[\\`*_[\]~|{}()#!]/g, (c) => `\\${c}`)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/:\/\//g, '\\://')
		.replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
}

const e = escapeMarkdown;

function analysisSection(r: ReportData, level: number): string[] {
	const h = '#'.repeat(level);
	const out: string[] = [`${h} ${e(r.title)}`, ''];
	out.push(`${h}# Requirements → losses → vulnerabilities → constraints → mitigations`, '');
	if (r.requirements.length === 0) {
		out.push('No stakeholder requirements in the model.', '');
	}
	for (const req of r.requirements) {
		out.push(`- **${e(req.id)}** ${e(req.label)}${req.stakeholders.length ? ` (for ${req.stakeholders.map(e).join(', ')})` : ''}`);
		for (const loss of req.losses) {
			out.push(`  - loss **${e(loss.id)}** ${e(loss.label)}`);
			for (const v of loss.vulnerabilities) {
				out.push(`    - vulnerability **${e(v.id)}** ${e(v.label)}`);
				for (const c of v.constraints) {
					out.push(`      - constraint **${e(c.id)}** ${e(c.label)}`);
					for (const m of c.mitigations) {
						out.push(`        - mitigation **${e(m.id)}** ${e(m.label)}: *${e(m.status)}*`);
						for (const ev of m.evidence) {
							out.push(`          - evidence: ${e(ev)}`);
						}
					}
					if (c.mitigations.length === 0) {
						out.push('        - no mitigation');
					}
				}
			}
		}
	}
	out.push('', `${h}# Open threats by severity`, '');
	if (r.openThreats.length === 0) {
		out.push('No open threats.');
	} else {
		out.push('| Severity | Threat | Status | CWE | Where |', '|---|---|---|---|---|');
		for (const t of r.openThreats) {
			out.push(`| ${t.severity} | ${e(t.id)} ${e(t.title)} | ${e(t.status)} | ${e(t.cwe ?? '')} | ${e(t.where)} |`);
		}
	}
	out.push('', `${h}# Findings`, '');
	if (r.findings.length === 0) {
		out.push('No findings linked to the model.');
	}
	for (const f of r.findings) {
		out.push(`- **${e(f.id)}** ${e(f.label)} (${e(f.ruleId)}${f.cwe ? `, ${e(f.cwe)}` : ''}) at ${e(f.where)}${f.threats.length ? `, evidence for ${f.threats.map(e).join(', ')}` : ''}`);
	}
	out.push('', `${h}# Completeness problems`, '');
	if (r.problems.length === 0) {
		out.push('None.');
	}
	for (const p of r.problems) {
		out.push(`- ${p.severity}: \`${p.rule}\`: ${e(p.message)}`);
	}
	out.push('', `${h}# Verification verdicts`, '');
	const runs = r.runs.filter((x) => x.kind === 'verification' || x.verdicts.length > 0);
	if (runs.length === 0) {
		out.push('No verification runs recorded.');
	}
	for (const run of runs) {
		out.push(`- run **${e(run.id)}** (${e(run.startedAt)}): ${e(run.status)}: ${e(run.summary)}`);
		for (const s of run.stages) {
			out.push(`  - step ${e(s)}`);
		}
		for (const v of run.verdicts) {
			out.push(`  - **${v.verdict}**: ${e(v.step)}${v.threatId ? ` for ${e(v.threatId)}` : ''}${v.evidence ? `: ${e(v.evidence)}` : ''}`);
		}
	}
	if (r.changes) {
		out.push('', `${h}# Changes since ${e(r.changes.since.slice(0, 12))}`, '');
		out.push(...(r.changes.lines.length ? r.changes.lines.map((l) => `- ${e(l)}`) : ['No changes.']));
	}
	out.push('');
	return out;
}

/** A Markdown summary of one analysis, or of several with an overview table first. */
export function toMarkdownReport(reports: readonly ReportData[]): string {
	if (reports.length === 1) {
		return `${analysisSection(reports[0]!, 1).join('\n')}`;
	}
	const out = ['# Rampart analysis report', '', '| Analysis | Requirements | Open threats | Problems | Verdicts |', '|---|---|---|---|---|'];
	for (const r of reports) {
		const verdicts = r.runs.flatMap((x) => x.verdicts);
		out.push(
			`| ${e(r.title)} | ${r.requirements.length} | ${r.openThreats.length} | ${r.problems.length} | ${verdicts.filter((v) => v.verdict === 'verified').length} verified, ${verdicts.filter((v) => v.verdict === 'failed').length} failed |`,
		);
	}
	out.push('');
	for (const r of reports) {
		out.push(...analysisSection(r, 2));
	}
	return out.join('\n');
}
