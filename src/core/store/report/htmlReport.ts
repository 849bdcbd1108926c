import type { ReportData } from './reportData';

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const e = escapeHtml;

/** Inline only: the report loads nothing (no fonts, images, scripts or style sheets). */
const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
h1,h2,h3{line-height:1.2}table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
ul.tree ul{margin:0;padding-left:1.4rem}.id{font-weight:600}.sev-critical{color:#9b0000}.sev-high{color:#c24e00}
.status{font-style:italic}.ev{color:#555}.verified{color:#176b00}.failed{color:#9b0000}.unverified{color:#7a5c00}code{background:#f3f3f3;padding:0 .2rem}`;

const li = (body: string, children: string[] = []): string => `<li>${body}${children.length ? `<ul>${children.join('')}</ul>` : ''}</li>`;
const id = (s: string): string => `<span class="id">${e(s)}</span>`;

function analysisSection(r: ReportData, level: number): string {
	const h = (n: number, text: string): string => `<h${level + n}>${text}</h${level + n}>`;
	const parts: string[] = [h(0, e(r.title)), h(1, 'Requirements → losses → vulnerabilities → constraints → mitigations')];
	const tree = r.requirements.map((req) =>
		li(
			`${id(req.id)} ${e(req.label)}${req.stakeholders.length ? ` (for ${req.stakeholders.map(e).join(', ')})` : ''}`,
			req.losses.map((loss) =>
				li(
					`loss ${id(loss.id)} ${e(loss.label)}`,
					loss.vulnerabilities.map((v) =>
						li(
							`vulnerability ${id(v.id)} ${e(v.label)}`,
							v.constraints.map((c) =>
								li(
									`constraint ${id(c.id)} ${e(c.label)}`,
									c.mitigations.length
										? c.mitigations.map((m) => li(`mitigation ${id(m.id)} ${e(m.label)}: <span class="status">${e(m.status)}</span>`, m.evidence.map((ev) => `<li class="ev">evidence: ${e(ev)}</li>`)))
										: ['<li>no mitigation</li>'],
								),
							),
						),
					),
				),
			),
		),
	);
	parts.push(tree.length ? `<ul class="tree">${tree.join('')}</ul>` : '<p>No stakeholder requirements in the model.</p>');
	parts.push(h(1, 'Open threats by severity'));
	parts.push(
		r.openThreats.length
			? `<table><thead><tr><th>Severity</th><th>Threat</th><th>Status</th><th>CWE</th><th>Where</th></tr></thead><tbody>${r.openThreats
					.map((t) => `<tr><td class="sev-${t.severity}">${t.severity}</td><td>${id(t.id)} ${e(t.title)}</td><td>${e(t.status)}</td><td>${e(t.cwe ?? '')}</td><td><code>${e(t.where)}</code></td></tr>`)
					.join('')}</tbody></table>`
			: '<p>No open threats.</p>',
	);
	parts.push(h(1, 'Findings'));
	parts.push(
		r.findings.length
			? `<ul>${r.findings.map((f) => `<li>${id(f.id)} ${e(f.label)} (${e(f.ruleId)}${f.cwe ? `, ${e(f.cwe)}` : ''}) at <code>${e(f.where)}</code>${f.threats.length ? `, evidence for ${f.threats.map(e).join(', ')}` : ''}</li>`).join('')}</ul>`
			: '<p>No findings linked to the model.</p>',
	);
	parts.push(h(1, 'Completeness problems'));
	parts.push(r.problems.length ? `<ul>${r.problems.map((p) => `<li>${p.severity}: <code>${p.rule}</code>: ${e(p.message)}</li>`).join('')}</ul>` : '<p>None.</p>');
	parts.push(h(1, 'Verification verdicts'));
	const runs = r.runs.filter((x) => x.kind === 'verification' || x.verdicts.length > 0);
	parts.push(
		runs.length
			? `<ul>${runs
					.map((run) =>
						li(`run ${id(run.id)} (${e(run.startedAt)}): ${e(run.status)}: ${e(run.summary)}`, [
							...run.stages.map((s) => `<li>step ${e(s)}</li>`),
							...run.verdicts.map((v) => `<li><span class="${v.verdict}">${v.verdict}</span>: ${e(v.step)}${v.threatId ? ` for ${e(v.threatId)}` : ''}${v.evidence ? `: ${e(v.evidence)}` : ''}</li>`),
						]),
					)
					.join('')}</ul>`
			: '<p>No verification runs recorded.</p>',
	);
	if (r.changes) {
		parts.push(h(1, `Changes since <code>${e(r.changes.since.slice(0, 12))}</code>`));
		parts.push(r.changes.lines.length ? `<ul>${r.changes.lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>` : '<p>No changes.</p>');
	}
	return `<section>${parts.join('\n')}</section>`;
}

/** A self-contained HTML page: inline CSS, no script, no external reference, every text escaped. */
export function toHtmlReport(reports: readonly ReportData[]): string {
	const title = reports.length === 1 ? reports[0]!.title : 'Rampart analysis report';
	let body = '';
	if (reports.length > 1) {
		body += `<h1>Rampart analysis report</h1><table><thead><tr><th>Analysis</th><th>Requirements</th><th>Open threats</th><th>Problems</th></tr></thead><tbody>${reports
			.map((r) => `<tr><td>${e(r.title)}</td><td>${r.requirements.length}</td><td>${r.openThreats.length}</td><td>${r.problems.length}</td></tr>`)
			.join('')}</tbody></table>`;
	}
	body += reports.map((r) => analysisSection(r, reports.length === 1 ? 1 : 2)).join('\n');
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}
