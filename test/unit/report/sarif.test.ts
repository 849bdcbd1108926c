import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Result } from 'sarif';
import { addToBaseline, emptyBaseline } from '../../../language-server/src/engine/baseline';
import { ruleAnchor, securitySeverity, toSarif } from '../../../language-server/src/engine/report/sarif';
import { type ScanReport, scanFiles } from '../../../language-server/src/engine/scanFiles';
import { sharedEngine } from '../../support/engineOnce';
import { sarifSchemaErrors } from './sarifSchema';

const handler = (body: string) => `const express = require('express');
const app = express();
app.get('/x', (req, res) => {
${body}
  res.send('ok');
});
`;

describe('SARIF report', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'rampart-sarif-'));
		mkdirSync(join(dir, 'src dir'));
	});
	afterEach(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	async function scan(files: Record<string, string>, baselineOf?: (r: ScanReport) => ReturnType<typeof emptyBaseline>): Promise<{ report: ScanReport; log: Log }> {
		for (const [name, text] of Object.entries(files)) {
			writeFileSync(join(dir, name), text);
		}
		const engine = await sharedEngine();
		const paths = Object.keys(files).map((f) => join(dir, f));
		let report = await scanFiles(engine, paths, { root: dir });
		if (baselineOf) {
			report = await scanFiles(engine, paths, { root: dir, baseline: baselineOf(report) });
		}
		return { report, log: toSarif(report, { toolVersion: '1.2.3', rules: engine.rules }) };
	}

	const results = (log: Log): Result[] => log.runs[0].results ?? [];

	it('is valid against the SARIF 2.1.0 schema and carries rules, levels, regions and code flows', async () => {
		const { log } = await scan({ 'src dir/app.js': handler('  eval(req.query.code);'), 'huge.js': `// ${'x'.repeat(2 * 1024 * 1024)}` });
		assert.deepEqual(sarifSchemaErrors(log), []);
		const run = log.runs[0];
		const driver = run.tool.driver;
		assert.equal(driver.name, 'Rampart');
		assert.equal(driver.version, '1.2.3');
		const engine = await sharedEngine();
		assert.equal(driver.rules?.length, engine.rules.length);
		const rule = driver.rules?.find((r) => r.id === 'rampart.js.code-injection.eval');
		assert.ok(rule?.properties?.tags?.includes('security'));
		assert.ok(rule?.properties?.tags?.includes('external/cwe/cwe-95'));
		assert.match(String(rule?.properties?.['security-severity']), /^\d+\.\d$/);
		assert.equal(rule?.defaultConfiguration?.level, 'error');
		assert.ok(rule?.help?.markdown && rule.help.text && rule.fullDescription?.text && rule.shortDescription?.text);
		assert.equal(rule?.helpUri, `https://github.com/rampart-dev/rampart/blob/main/docs/rules.md#${ruleAnchor('rampart.js.code-injection.eval')}`);
		assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, `${pathToFileURL(dir).href}/`);

		const [result] = results(log);
		assert.equal(result.ruleId, 'rampart.js.code-injection.eval');
		assert.equal(driver.rules?.[result.ruleIndex ?? -1]?.id, result.ruleId);
		assert.equal(result.level, 'error');
		const location = result.locations?.[0].physicalLocation;
		assert.deepEqual(location?.artifactLocation, { uri: 'src%20dir/app.js', uriBaseId: '%SRCROOT%' });
		assert.deepEqual(location?.region, { startLine: 4, startColumn: 3, endLine: 4, endColumn: 23 });
		assert.match(result.partialFingerprints?.primaryLocationLineHash ?? '', /^[0-9a-f]{32}$/);
		const flow = result.codeFlows?.[0].threadFlows[0].locations ?? [];
		assert.ok(flow.length >= 2, 'taint path as a code flow');
		assert.equal(flow.at(-1)?.location?.message?.text, 'reaches the sink here');

		const notes = run.invocations?.[0].toolExecutionNotifications ?? [];
		assert.equal(notes.length, 1, 'the skipped file is reported, not silently dropped');
		assert.match(notes[0].message.text ?? '', /over the 1024 KB limit/);
	});

	it('keeps partialFingerprints when unrelated lines are added above a finding', async () => {
		const body = '  const other = 1;\n  eval(req.query.code);';
		const before = await scan({ 'a.js': handler(body) });
		const after = await scan({ 'a.js': `// header comment\n/* another\n   block */\nconst unrelated = require('path');\n\n${handler(`  const added = 2;\n${body}`)}` });
		const fp = (log: Log) => results(log).map((r) => r.partialFingerprints?.primaryLocationLineHash);
		assert.equal(fp(before.log).length, 1);
		assert.deepEqual(fp(after.log), fp(before.log));
		assert.notDeepEqual(results(after.log)[0].locations, results(before.log)[0].locations);
	});

	it('gives identical lines their own fingerprints', async () => {
		const { log } = await scan({ 'a.js': handler('  eval(req.query.code);\n  eval(req.query.code);') });
		const fps = results(log).map((r) => r.partialFingerprints?.primaryLocationLineHash);
		assert.equal(fps.length, 2);
		assert.notEqual(fps[0], fps[1]);
	});

	it('reports inline and baseline suppressions as SARIF suppressions', async () => {
		const source = handler('  eval(req.query.a); // rampart-ignore: rampart.js.code-injection.eval admin only\n  eval(req.query.b);');
		const { log } = await scan({ 'a.js': source }, (r) => addToBaseline(emptyBaseline(), r.files[0].findings, 'a.js'));
		assert.deepEqual(
			results(log).map((r) => r.suppressions),
			[[{ kind: 'inSource', justification: 'admin only' }], [{ kind: 'external', justification: 'in baseline' }]],
		);
		assert.deepEqual(sarifSchemaErrors(log), []);
	});

	it('scales security-severity with severity and precision', () => {
		assert.equal(securitySeverity('error', 'medium'), '8.0');
		assert.equal(securitySeverity('warning', 'medium'), '5.5');
		assert.equal(securitySeverity('info', 'medium'), '2.0');
		assert.ok(Number(securitySeverity('error', 'high')) > Number(securitySeverity('error', 'low')));
	});

	it('makes the GitHub heading anchor of a rule id', () => {
		assert.equal(ruleAnchor('rampart.js.code-injection.eval'), 'rampartjscode-injectioneval');
	});

	it('rejects an invalid log (the validator is live)', () => {
		assert.notDeepEqual(sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), []);
		assert.notDeepEqual(sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), []);
	});
});
