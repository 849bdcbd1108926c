import * as assert from 'node:assert/strict';
import type { RuleFixture } from '../../support/fixtureCorpus';
import { sharedEngine } from '../../support/engineOnce';
import { f1, macroF1, renderTable, scoreFixture } from '../../tools/eval';

const source = `const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  eval(req.query.a);
  eval(req.query.b);
  eval('1 + 1');
  eval(localTemplate);
  res.send('ok');
});
`;

function fixture(expectations: RuleFixture['expectations']): RuleFixture {
	return { path: '/virtual/javascript/code-injection/x.js', relativePath: 'javascript/code-injection/x.js', vulnClass: 'code-injection', text: source, expectations };
}

describe('npm run eval scoring', () => {
	it('counts true positives, false positives and false negatives per fixture', async () => {
		const engine = await sharedEngine();
		const counts = scoreFixture(
			engine,
			fixture([
				{ ruleId: 'rampart.js.code-injection.eval', line: 3, kind: 'ruleid' }, // found: TP
				// line 4 is found but not marked: FP
				{ ruleId: 'rampart.js.code-injection.eval', line: 5, kind: 'ruleid' }, // a literal: FN
			]),
		);
		assert.deepEqual(counts, { tp: 1, fp: 1, fn: 1 });
	});

	it('leaves audit (low-precision) rules out', async () => {
		const engine = await sharedEngine();
		const counts = scoreFixture(engine, fixture([{ ruleId: 'rampart.js.code-injection.eval-audit', line: 99, kind: 'ruleid' }]));
		assert.deepEqual(counts, { tp: 0, fp: 2, fn: 0 }, 'the audit expectation is not scored; the two eval findings are unmarked');
	});

	it('computes F1 and macro F1', () => {
		assert.equal(f1({ tp: 0, fp: 0, fn: 0 }), undefined);
		assert.equal(f1({ tp: 1, fp: 1, fn: 1 }), 0.5);
		assert.equal(macroF1(new Map([['a', { tp: 1, fp: 0, fn: 0 }], ['b', { tp: 1, fp: 1, fn: 1 }], ['c', { tp: 0, fp: 0, fn: 0 }]])), 0.75);
	});

	it('renders one row per class and language, plus a total for classes in several languages', () => {
		const table = renderTable([
			{ language: 'javascript', vulnClass: 'xss', files: 1, tp: 2, fp: 0, fn: 0 },
			{ language: 'python', vulnClass: 'xss', files: 2, tp: 1, fp: 1, fn: 0 },
		]);
		const lines = table.split('\n');
		assert.equal(lines.length, 5);
		assert.match(lines[4], /^\| xss\s+\| \(all\)\s+\|\s+3 \|\s+3 \|\s+1 \|\s+0 \|\s+0\.750 \|\s+1\.000 \|\s+0\.857 \|$/);
	});
});
