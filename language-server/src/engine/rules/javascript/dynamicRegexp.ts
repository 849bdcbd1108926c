import { jsLanguages, owasp, type Rule } from '../../rule';
import { whenTainted } from '../ruleHelpers';
import { argumentsOf } from './jsHelpers';
import { newQuery, callQuery, withCaptures } from './queryText';

const query = newQuery('RegExp') + callQuery('RegExp');

/** A regular expression compiled from request data. */
export const dynamicRegexp: Rule = {
	languages: jsLanguages,
	vulnClass: 'redos',
	cwe: [1333, 625],
	owasp: owasp.injection,
	id: 'rampart.js.redos.tainted-regexp',
	severity: 'warning',
	precision: 'high',
	message: 'A regular expression is compiled from request data; escape it or an attacker can supply a catastrophic pattern.',
	help:
		'`new RegExp(req.query.q)` lets the user supply the pattern itself: `(a+)+$` against a long input stalls the event loop (ReDoS), and metacharacters change what matches (`.*` bypasses filters). ' +
		'Escape user text before embedding it (`_.escapeRegExp(q)`, `escape-string-regexp`, or `RegExp.escape` where available), limit its length, or use plain string methods (`includes`, `startsWith`) instead of a regex.',
	query,
	check: (ctx) => {
		const pattern = argumentsOf(ctx.node)[0];
		const ctor = ctx.node.childForFieldName(ctx.node.type === 'new_expression' ? 'constructor' : 'function')?.text;
		return ctor === 'RegExp' && !!pattern && pattern.type !== 'string' && whenTainted(withCaptures(ctx, { pattern }), 'pattern');
	},
};
