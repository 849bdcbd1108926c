import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { collectReport, toHtmlReport, toMarkdownReport, type ReportData } from '../../../src/core/store/report';
import type { Runs, StpaGraph } from '../../../src/core/store/schemas';
import { sampleArtifacts, tempWorkspace, user } from './helpers';

const HOSTILE = `<img src=x onerror=alert(1)> *bold* [link](https://evil.example/x) | & "q" 'a' \`code\``;

const runs: Runs = {
	schemaVersion: 1,
	runs: [
		{
			id: 'verify-1',
			kind: 'verification',
			startedAt: '2026-02-01T09:00:00.000Z',
			status: 'failed',
			summary: 'build ok, one probe failed',
			stages: [{ name: 'build', status: 'succeeded' }, { name: 'probes', status: 'failed', detail: 'replay accepted' }],
			verdicts: [
				{ step: 'probe: forged webhook', threatId: 'T-5', verdict: 'verified', evidence: 'HTTP 401 for unsigned body' },
				{ step: 'probe: replayed capture', threatId: 'T-6', verdict: 'failed', evidence: 'second charge created' },
			],
		},
	],
};

async function analysis(): Promise<{ report: ReportData; hostileGraph: StpaGraph }> {
	const ws = await tempWorkspace();
	const store = AnalysisStore.forWorkspace(ws);
	const docs = { ...sampleArtifacts(), runs };
	const v1 = await store.write(docs, { author: user, message: 'initial' });
	const graph = structuredClone(docs.stpa);
	const m6 = graph.nodes.find((n) => n.id === 'M-6')!;
	Object.assign(m6, { label: HOSTILE, status: 'implemented' });
	graph.nodes.push({ id: 'M-7', kind: 'mitigation', label: 'Lock the account after 5 failures', status: 'proposed' });
	graph.edges.push({ kind: 'implements', source: 'M-7', target: 'SC-1' });
	const threatModel = structuredClone(docs.threatModel);
	threatModel.threats[0]!.evidence = ['tests/auth.test.ts: rejects quote in e-mail'];
	const v2 = await store.write({ stpa: graph, threatModel }, { author: user, message: 'payments' });
	const { documents } = await store.readAll();
	const diff = await store.diff(v1.id, v2.id);
	await fs.rm(ws, { recursive: true, force: true });
	const report = collectReport({
		name: 'shop',
		documents,
		changes: { since: v1.id, head: v2.id, diff },
		completeness: { functionExists: (file) => file !== 'src/routes/reset.ts' },
	});
	return { report, hostileGraph: graph };
}

describe('reports (Markdown and self-contained HTML)', () => {
	let report: ReportData;
	before(async () => {
		({ report } = await analysis());
	});

	it('collects requirements → losses → vulnerabilities → constraints → mitigations with status and evidence', () => {
		const sr1 = report.requirements.find((r) => r.id === 'SR-1')!;
		assert.deepEqual(sr1.stakeholders, ['SH-1 Account holder']);
		const h2 = sr1.losses.find((l) => l.id === 'L-1')!.vulnerabilities.find((v) => v.id === 'H-2')!;
		const sc2 = h2.constraints.find((c) => c.id === 'SC-2')!;
		// M-1 implements CC-1, which refines SC-2.
		const m1 = sc2.mitigations.find((m) => m.id === 'M-1')!;
		assert.equal(m1.status, 'implemented');
		assert.ok(m1.evidence.includes('code: src/routes/auth.ts#login:23'));
		assert.ok(m1.evidence.includes('finding F-1 (ts.sqli.concat) at src/routes/auth.ts:23 on T-1'));
		assert.ok(m1.evidence.includes('T-1: tests/auth.test.ts: rejects quote in e-mail'));
		const sc7 = report.requirements.find((r) => r.id === 'SR-5')!.losses[0]!.vulnerabilities[0]!.constraints[0]!;
		assert.deepEqual(sc7.mitigations.map((m) => [m.id, m.status]), [['M-6', 'implemented']]);
		assert.ok(sc7.mitigations[0]!.evidence.includes('verification probe: replayed capture: failed for T-6 (second charge created)'));
	});

	it('orders open threats by severity, unrated model threats last, closed ones left out', () => {
		// T-1 is in the threat model (critical, open); T-2…T-6 only in the graph; T-1 in the graph is mitigated.
		assert.deepEqual(report.openThreats.map((t) => [t.id, t.severity]), [['T-1', 'critical'], ['T-2', 'unrated'], ['T-3', 'unrated'], ['T-4', 'unrated'], ['T-5', 'unrated'], ['T-6', 'unrated']]);
	});

	it('lists what changed since the chosen version', () => {
		assert.ok(report.changes!.lines.includes('added mitigation M-7: Lock the account after 5 failures'));
		assert.ok(report.changes!.lines.includes('changed mitigation M-6: label, status'));
		assert.ok(report.changes!.lines.includes('added edge M-7 -implements-> SC-1'));
		assert.ok(report.changes!.lines.includes('threatModel: changed threats[0].evidence[0]') || report.changes!.lines.some((l) => l.startsWith('threatModel: added threats[0].evidence')));
	});

	it('Markdown: every section, every requirement, each problem, verdicts, with model text escaped', () => {
		const md = toMarkdownReport([report]);
		for (const heading of ['Requirements → losses', 'Open threats by severity', 'Findings', 'Completeness problems', 'Verification verdicts', 'Changes since']) {
			assert.ok(md.includes(heading), heading);
		}
		for (const r of report.requirements) {
			assert.ok(md.includes(`**${r.id}**`), r.id);
		}
		assert.equal(md.match(/^- (error|warning): `/gm)!.length, report.problems.length);
		assert.ok(md.includes('**failed**: probe: replayed capture for T\\-6') || md.includes('**failed**: probe: replayed capture for T-6'));
		assert.ok(!md.includes('<img'), 'no raw HTML');
		assert.ok(!md.includes('https://'), 'no autolink');
		assert.ok(!/(^|[^\\])\[link\]/.test(md), 'no live link');
		assert.ok(md.includes('&lt;img src=x onerror=alert\\(1\\)&gt; \\*bold\\*'));
		const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity'));
		for (const row of rows) {
			assert.equal(row.replace(/\\\|/g, '').split('|').length, 7, `table row keeps its columns: ${row}`);
		}
	});

	it('HTML: self-contained (inline CSS, no script, no external reference) and every model string escaped', () => {
		const html = toHtmlReport([report]);
		assert.match(html, /^<!DOCTYPE html>/);
		assert.match(html, /<style>/);
		// Every tag is one of a known, inert set with known attributes: no script, link, image, frame,
		// no src/href/style attribute, so nothing can load or run.
		const allowedTags = new Set(['!DOCTYPE', 'html', 'head', 'meta', 'title', 'style', 'body', 'section', 'h1', 'h2', 'h3', 'h4', 'p', 'ul', 'li', 'span', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
		const allowedAttrs = new Set(['lang', 'charset', 'http-equiv', 'content', 'class', 'html']);
		for (const tag of html.match(/<[^>]*>/g)!) {
			const m = /^<\/?(!?[A-Za-z][A-Za-z0-9]*)([^>]*)>$/.exec(tag)!;
			assert.ok(m && allowedTags.has(m[1]!), `tag ${tag}`);
			for (const a of m[2]!.replace(/"[^"]*"/g, "").matchAll(/([a-z-]+)(?==|\s|$)/g)) {
				assert.ok(allowedAttrs.has(a[1]!), `attribute ${a[1]} in ${tag}`);
			}
		}
		const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
		assert.ok(!/url\(|@import|expression\(/i.test(style));
		assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
		assert.ok(!html.includes(HOSTILE));
		assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; *bold* [link](https://evil.example/x) | &amp; &quot;q&quot; &#39;a&#39; `code`'));
		// Outside tags, no text has a raw < or an unescaped &.
		const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<\/?[a-z][a-z0-9]*(\s+[a-z-]+="[^"<>]*")*\s*\/?>|<!DOCTYPE html>/gi, '');
		assert.ok(!/[<>]/.test(text), 'only known tags');
		assert.ok(!/&(?!(amp|lt|gt|quot|#39);)/.test(text), 'only entity ampersands');
		assert.ok(html.includes('class="failed">failed</span>: probe: replayed capture for T-6'));
	});

	it('reports several analyses with an overview', async () => {
		const other = collectReport({ name: 'empty', documents: {} });
		const md = toMarkdownReport([report, other]);
		assert.match(md, /^# Rampart analysis report/);
		assert.ok(md.includes('## Shopfront') && md.includes('## empty'));
		assert.ok(md.includes('No stakeholder requirements in the model.'));
		const html = toHtmlReport([report, other]);
		assert.equal(html.match(/<section>/g)!.length, 2);
	});
});
