import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../src/cli/dispatch';
import type { Io } from '../../../src/cli/scanCommand';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { canonicalJson } from '../../../src/core/store/canonicalJson';
import { fromOtm } from '../../../src/core/store/export/otmImport';
import { fromNativeJson } from '../../../src/core/store/export/native';
import { repoRoot } from '../../support/fixtureCorpus';
import { findAll, parseXml, sampleArtifacts, tempWorkspace, user } from '../store/helpers';

interface Result {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

async function run(argv: readonly string[], cwd: string): Promise<Result> {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
	stdout.on('data', (c: Buffer) => chunks.out.push(c));
	stderr.on('data', (c: Buffer) => chunks.err.push(c));
	const io: Io = { stdout, stderr, cwd, env: {} };
	const code = await main(argv, io);
	return { code, stdout: Buffer.concat(chunks.out).toString('utf8'), stderr: Buffer.concat(chunks.err).toString('utf8') };
}

describe('rampart export / report / versions / diff', function () {
	this.timeout(120_000);
	let ws: string;
	let v1: string;
	let v2: string;

	before(async () => {
		ws = await tempWorkspace();
		const store = AnalysisStore.forWorkspace(ws);
		v1 = (await store.write(sampleArtifacts(), { author: user, message: 'initial analysis' })).id;
		const graph = structuredClone(sampleArtifacts().stpa);
		graph.nodes.push({ id: 'M-9', kind: 'mitigation', label: 'Lock after 5 failures <b>', status: 'proposed' });
		graph.edges.push({ kind: 'implements', source: 'M-9', target: 'SC-1' });
		v2 = (await store.write({ stpa: graph }, { author: user, message: 'add M-9' })).id;
	});
	after(async () => {
		await fs.rm(ws, { recursive: true, force: true });
	});

	it('--help lists the store commands', async () => {
		const r = await run(['--help'], ws);
		assert.equal(r.code, 0);
		for (const c of ['rampart export --format', 'rampart report', 'rampart versions', 'rampart diff A B']) {
			assert.ok(r.stdout.includes(c), c);
		}
		const e = await run(['export', '--help'], ws);
		assert.match(e.stdout, /trace:M-1/);
	});

	it('exports every format; json and otm import back to the stored graph', async () => {
		const stored = (await AnalysisStore.forWorkspace(ws).read('stpa'))!;
		const json = await run(['export', '--format', 'json'], ws);
		assert.equal(json.code, 0, json.stderr);
		assert.deepEqual(fromNativeJson(json.stdout), stored);
		const otm = await run(['export', '--format', 'otm'], ws);
		assert.equal(canonicalJson(fromOtm(otm.stdout).graph), canonicalJson(stored));
		assert.equal((JSON.parse(otm.stdout) as { threats: { id: string; risk: { impact: number } }[] }).threats.find((t) => t.id === 'T-1')!.risk.impact, 100, 'severity from the threat model');
		const drawio = await run(['export', '--format', 'drawio', '--out', 'out/model.drawio'], ws);
		assert.equal(drawio.code, 0);
		assert.equal(drawio.stdout, '');
		const root = parseXml(await fs.readFile(join(ws, 'out', 'model.drawio'), 'utf8'));
		assert.equal(findAll(root, 'mxCell').filter((c) => c.attrs.vertex === '1').length, stored.nodes.length);
		for (const [format, marker] of [['mermaid', /^flowchart BT/], ['graphml', /<graphml /], ['dot', /^digraph /]] as const) {
			const r = await run(['export', '--format', format], ws);
			assert.equal(r.code, 0);
			assert.match(r.stdout, marker);
		}
	});

	it('exports a filtered view', async () => {
		const r = await run(['export', '--format', 'json', '--filter', 'trace:M-1', '--filter', 'kind:mitigation,loss,stakeholderRequirement'], ws);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(fromNativeJson(r.stdout).nodes.map((n) => n.id).sort(), ['L-1', 'L-2', 'M-1', 'SR-1', 'SR-2']);
		const bad = await run(['export', '--format', 'json', '--filter', 'kind:bogus'], ws);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /unknown node kind bogus/);
		const none = await run(['export', '--format', 'svg'], ws);
		assert.equal(none.code, 2);
		assert.match(none.stderr, /--format must be one of drawio, mermaid, graphml, dot, otm, json \(got 'svg'\)/);
	});

	it('lists versions and diffs two of them by prefix and by HEAD~n', async () => {
		const list = await run(['versions'], ws);
		assert.equal(list.code, 0);
		const lines = list.stdout.trimEnd().split('\n');
		assert.equal(lines.length, 2);
		assert.ok(lines[0]!.startsWith(v2.slice(0, 12)) && lines[0]!.includes('user:alice  add M-9  [stpa]'));
		assert.ok(lines[1]!.startsWith(v1.slice(0, 12)));
		const diff = await run(['diff', v1.slice(0, 8), 'HEAD'], ws);
		assert.equal(diff.code, 0, diff.stderr);
		assert.ok(diff.stdout.includes('added mitigation M-9: Lock after 5 failures <b>'));
		assert.ok(diff.stdout.includes('added edge M-9 -implements-> SC-1'));
		const json = JSON.parse((await run(['diff', 'HEAD~1', 'HEAD', '--format', 'json'], ws)).stdout) as { from: string; to: string };
		assert.deepEqual([json.from, json.to], [v1, v2]);
		const missing = await run(['diff', 'HEAD~5', 'HEAD'], ws);
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /HEAD~5: the history has only 2 version/);
	});

	it('writes Markdown and HTML reports, with the changes since a version', async () => {
		const md = await run(['report', '--since', 'HEAD~1'], ws);
		assert.equal(md.code, 0, md.stderr);
		assert.match(md.stdout, /^# Shopfront/);
		assert.ok(md.stdout.includes('added mitigation M\\-9') || md.stdout.includes('added mitigation M-9: Lock after 5 failures &lt;b&gt;'));
		const html = await run(['report', '--format', 'html', '--out', 'report.html'], ws);
		assert.equal(html.code, 0);
		const text = await fs.readFile(join(ws, 'report.html'), 'utf8');
		assert.ok(text.includes('Lock after 5 failures &lt;b&gt;') && !text.includes('<b>'));
	});

	it('reports a broken store file with its name and line, exit 2', async () => {
		const broken = await tempWorkspace();
		await AnalysisStore.forWorkspace(broken).write(sampleArtifacts(), { author: user, message: 'x' });
		await fs.writeFile(join(broken, '.rampart', 'stpa-sec.json'), '{\n  "schemaVersion": 1,\n  "nodes": [\n');
		for (const argv of [['export', '--format', 'json'], ['report']]) {
			const r = await run(argv, broken);
			assert.equal(r.code, 2);
			assert.match(r.stderr, /stpa-sec\.json:4:1: not valid JSON/);
		}
		await fs.rm(broken, { recursive: true, force: true });
	});

	it('the built CLI runs the same commands', () => {
		const build = spawnSync(process.execPath, ['.esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
		assert.equal(build.status, 0, build.stderr);
		const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'rampart.js'), 'versions', '--workspace', ws], { encoding: 'utf8', timeout: 60_000 });
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout.trimEnd().split('\n').length, 2);
		const help = spawnSync(process.execPath, [join(repoRoot, 'bin', 'rampart.js'), '--help'], { encoding: 'utf8', timeout: 60_000 });
		assert.match(help.stdout, /rampart diff A B/);
	});
});
