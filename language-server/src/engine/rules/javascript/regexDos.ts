import { jsLanguages, owasp, type Rule } from '../../rule';
import { argumentsOf, stringValue } from './jsHelpers';
import { newQuery, callQuery } from './queryText';
import { redosRisk } from './regexAnalysis';

const query = `
(regex
  pattern: (regex_pattern) @pattern
  (#match? @pattern "[)][*+{]")) @finding
` + newQuery('RegExp') + callQuery('RegExp');

/** A regular expression with nested or overlapping repetition (catastrophic backtracking). */
export const regexDos: Rule = {
	languages: jsLanguages,
	vulnClass: 'redos',
	cwe: [1333],
	owasp: owasp.design,
	id: 'rampart.js.redos.nested-quantifier',
	severity: 'warning',
	precision: 'high',
	message: 'This regular expression can backtrack exponentially (nested or overlapping repetition).',
	help:
		'Patterns such as `(a+)+`, `(\\w+\\s?)*`, `(.|\\s)*` or `(.*a){20}` let a short crafted input (e.g. 30 `a`s followed by `!`) make the engine try exponentially many ways to match; because JavaScript runs regexes on the main thread, one request blocks the whole Node.js process (ReDoS). ' +
		'Remove the inner repetition (`(a+)+` → `a+`), make the parts of a repeated group mutually exclusive (`(\\w+,)*`), anchor and bound the input length before matching, or use a linear-time engine such as re2.',
	query,
	check: (ctx) => {
		const node = ctx.node.type === 'regex' ? ctx.captures.get('pattern') : argumentsOf(ctx.node)[0];
		if (ctx.node.type !== 'regex' && ctx.node.childForFieldName(ctx.node.type === 'new_expression' ? 'constructor' : 'function')?.text !== 'RegExp') {
			return false;
		}
		if (!node) {
			return false;
		}
		const pattern = node.type === 'regex_pattern' ? node.text : stringValue(node);
		if (pattern === undefined) {
			return false;
		}
		const flags = node.type === 'regex_pattern' ? (node.parent?.childForFieldName('flags')?.text ?? '') : '';
		const why = redosRisk(pattern, flags);
		return why ? { message: `Regular expression at risk of catastrophic backtracking: ${why}.` } : false;
	},
};
