import * as assert from 'node:assert/strict';
import { groupRegexes, matchesWithinText } from '../../../language-server/src/engine/regexUnion';
import type { Rule } from '../../../language-server/src/engine/rule';
import { jsLanguages, owasp } from '../../../language-server/src/engine/rule';
import { allRules } from '../../../language-server/src/engine/rules';
import { SecurityEngine } from '../../../language-server/src/engine/securityEngine';
import { anywhere } from '../../../language-server/src/engine/taint/taintTracker';
import { javascriptTaint } from '../../../language-server/src/engine/taint/javascriptTaint';
import { pythonTaint } from '../../../language-server/src/engine/taint/pythonTaint';

/** The shortcuts the engine takes before running a rule must never change what a rule reports. */
describe('match shortcuts', () => {
	describe('regex unions', () => {
		const call = (names: string) => new RegExp(String.raw`^(?:[\w$.?!\s]|\([^()]*\))*?(?<![\w$])(?:${names})\s*\(`);
		const list = [call('query|execute'), call('exec|spawn'), /^other$/, call('send'), /x(?:a|b)*/, /(\w)(?:a)\1/];
		const groups = groupRegexes(list.map((regex, i) => ({ regex, value: i })));

		it('joins regexes that differ in one group under one union, in their order', () => {
			assert.deepEqual(
				groups.members.map((m) => m.value),
				[0, 1, 2, 3, 4, 5],
			);
			assert.equal(groups.unions.length, 1);
			assert.deepEqual(
				groups.members.map((m) => m.union),
				[0, 0, -1, 0, -1, -1],
			);
		});

		it('fails the union exactly when every member fails', () => {
			const texts = ['db.query(sql)', 'cp.exec (x)', 'res.status(200).send(x)', 'foo.bar(1)', 'sendMail(x)', 'a.resend(x)', 'other', 'query', '(x)()'];
			for (const text of texts) {
				const union = groups.unions[0].test(text);
				const some = groups.members.filter((m) => m.union === 0).some((m) => m.regex.test(text));
				assert.equal(union, some, text);
			}
		});

		it('lets a file skip a regex key only when a match in a part is a match in the whole', () => {
			assert.ok(matchesWithinText(/A[KS]IA[0-9A-Z]{16}|[^a-z]\.x/));
			for (const unsafe of [/^x/, /x$/, /\bx/, /x(?=y)/, /(?<!y)x/, /x/i]) {
				assert.ok(!matchesWithinText(unsafe), String(unsafe));
			}
		});

		it('leaves quantified groups and back-references alone', () => {
			const alone = groupRegexes([/x(?:a)*/, /x(?:b)*/, /(\w)(?:c)\1/, /(\w)(?:d)\1/].map((regex, i) => ({ regex, value: i })));
			assert.deepEqual(alone.unions, []);
		});
	});

	describe('taint source prefilter', () => {
		it('finds in a file whatever a whole-text source pattern accepts', () => {
			const regex = anywhere([/^(req|request)\.(query|body)$/, /^process\.argv$/]);
			assert.ok(regex.test('const a = req.body.name;'));
			assert.ok(regex.test('run(process.argv)'));
			assert.ok(!regex.test('const a = response.data;'));
		});

		it('gives up (matches everything) on patterns it cannot widen safely', () => {
			assert.ok(anywhere([/^a$|^b$/]).test('zzz'));
			assert.ok(anywhere([/\breq\b/]).test('zzz'));
			assert.ok(anywhere([/^a$/i]).test('zzz'));
		});

		it('rules out only files without any possible source', () => {
			assert.ok(javascriptTaint.mayHaveSources('app.get("/", (req, res) => res.send(req.query.q));'));
			assert.ok(!javascriptTaint.mayHaveSources('export const add = (a, b) => a + b;'));
			assert.ok(pythonTaint.mayHaveSources('@app.route("/<name>")\ndef show(name):\n    return name\n'));
			assert.ok(pythonTaint.mayHaveSources('import sys\nprint(sys.argv)\n'));
			assert.ok(!pythonTaint.mayHaveSources('def add(a, b):\n    return a + b\n'));
		});
	});

	describe('lazily compiled rule patterns', () => {
		const broken: Rule = {
			id: 'rampart.js.test.broken-keyed',
			languages: jsLanguages,
			vulnClass: 'code-injection',
			cwe: [95],
			owasp: owasp.injection,
			severity: 'warning',
			precision: 'high',
			message: 'test rule',
			help: 'test rule',
			// Keyed by the callee name, but `no_such_field` makes the rule's own pattern fail to compile.
			query: '(call_expression function: (identifier) @fn no_such_field: (_) (#eq? @fn "eval")) @finding',
		};

		it('reports a keyed pattern that does not compile and keeps analysing with the other rules', async () => {
			const engine = await SecurityEngine.create([...allRules, broken]);
			const text = 'eval(location.hash);\n';
			const result = engine.analyze('/src/page.js', text);
			assert.ok(result.findings.some((f) => f.ruleId === 'rampart.js.code-injection.eval'));
			assert.ok(!result.findings.some((f) => f.ruleId === broken.id));
			const errors = engine.compileErrors.filter((e) => e.ruleId === broken.id);
			assert.equal(errors.length, 3, 'one per JavaScript grammar');
			assert.match(errors[0].message, /does not compile/);
		});
	});
});
