import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { ruleAnchor } from '../../../language-server/src/engine/report/sarif';
import { allRules } from '../../../language-server/src/engine/rules';
import { renderRuleDocs, rulesDocPath } from '../../tools/generateRuleDocs';

describe('docs/rules.md', () => {
	it('is up to date with the rule data (run `npm run docs` to regenerate)', () => {
		assert.ok(existsSync(rulesDocPath), 'docs/rules.md is missing: run npm run docs');
		assert.equal(readFileSync(rulesDocPath, 'utf8'), renderRuleDocs(), 'docs/rules.md is stale: run npm run docs');
	});

	it('has one heading per rule, whose anchor the SARIF helpUri points at', () => {
		const doc = renderRuleDocs();
		const headings = [...doc.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
		assert.deepEqual([...headings].sort(), allRules.map((r) => r.id).sort());
		for (const rule of allRules) {
			assert.ok(doc.includes(`](#${ruleAnchor(rule.id)})`), `index links to ${rule.id}`);
		}
	});

	it('renders every field of a rule', () => {
		const doc = renderRuleDocs([
			{
				id: 'rampart.js.xss.sample',
				languages: ['javascript', 'tsx'],
				vulnClass: 'xss',
				cwe: [79, 80],
				owasp: 'A03:2021-Injection',
				severity: 'warning',
				precision: 'medium',
				message: 'Sample message.',
				help: 'Sample help.',
				query: '(identifier) @finding',
				fix: () => undefined,
			},
		]);
		for (const part of ['### rampart.js.xss.sample', '| Class | `xss` |', '| Languages | JavaScript, TSX |', '[CWE-79](https://cwe.mitre.org/data/definitions/79.html), [CWE-80]', '| OWASP | A03:2021-Injection |', '| Severity | warning |', '| Precision | medium |', '| Quick-fix | yes |', '**Message:** Sample message.', 'Sample help.']) {
			assert.ok(doc.includes(part), part);
		}
	});
});
