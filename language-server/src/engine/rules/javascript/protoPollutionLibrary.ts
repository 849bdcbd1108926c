import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import type { TaintTrace } from '../../taint/taintTracker';
import { argumentsOf, qualifiedCallee, unwrapExpression } from './jsHelpers';
import { callQuery } from './queryText';

const query = callQuery('merge|mergeWith|defaultsDeep|set|setWith|zipObjectDeep|extend|assign|deepmerge|deepMerge|mergeDeep|all|deepExtend|mixinDeep|setValue');

const pathSetters = /^(lodash\.(set|setWith|zipObjectDeep)|_\.(set|setWith|zipObjectDeep)|lodash\/(set|setWith)|lodash\.set|set-value|object-path\.set|dot-prop\.setProperty|dot-object\.str)$/;
const mergers = /^(lodash\.(merge|mergeWith|defaultsDeep)|_\.(merge|mergeWith|defaultsDeep)|lodash\/(merge|mergeWith|defaultsDeep)|lodash\.merge|lodash\.mergewith|lodash\.defaultsdeep|deepmerge(\.all)?|merge-deep|deep-extend|mixin-deep|merge|jquery\.extend|\$\.extend|jQuery\.extend|Object\.assign)$/;

/** A tainted source object: a variable or member, or a literal that spreads one. */
function taintedSource(ctx: MatchContext, node: Node): TaintTrace | undefined {
	const arg = unwrapExpression(node);
	if (arg.type === 'object') {
		for (const c of arg.namedChildren) {
			const trace = c?.type === 'spread_element' ? ctx.taint(c) : undefined;
			if (trace) {
				return trace;
			}
		}
		return undefined;
	}
	return /^(identifier|member_expression|subscript_expression|call_expression|await_expression|array)$/.test(arg.type) ? ctx.taint(arg) : undefined;
}

function check(ctx: MatchContext): CheckResult {
	const name = qualifiedCallee(ctx, ctx.node);
	const args = argumentsOf(ctx.node);
	if (pathSetters.test(name)) {
		const path = name.endsWith('zipObjectDeep') ? args[0] : args[1];
		const taint = path && path.type !== 'string' ? ctx.taint(path) : undefined;
		return taint ? { taint, message: 'Request data chooses the property path of a deep set; "__proto__.x" pollutes Object.prototype.' } : false;
	}
	if (!mergers.test(name) || (name === 'merge' && !ctx.imports.has('merge'))) {
		return false;
	}
	const first = name.endsWith('extend') && args[0]?.type === 'true' ? 2 : 1;
	const sources = name.startsWith('deepmerge.all') ? args.slice(0, 1) : args.slice(first);
	for (const source of sources) {
		const taint = taintedSource(ctx, source);
		if (taint) {
			return { taint };
		}
	}
	return false;
}

/** Request data deep-merged or path-set with a library function. */
export const protoPollutionLibrary: Rule = {
	languages: jsLanguages,
	vulnClass: 'prototype-pollution',
	cwe: [1321],
	owasp: owasp.injection,
	id: 'rampart.js.prototype-pollution.merge-call',
	severity: 'error',
	precision: 'high',
	message: 'Request data is deep-merged or path-set into an object (lodash merge/set, $.extend(true), Object.assign).',
	help:
		'Deep merges (`_.merge`, `_.defaultsDeep`, `$.extend(true, …)`, deepmerge, merge-deep) and path setters (`_.set(obj, req.body.path, v)`) have a history of prototype pollution: a body such as `{"__proto__": {"isAdmin": true}}` or a path `constructor.prototype.isAdmin` writes onto `Object.prototype`; `Object.assign` with a parsed `__proto__` key swaps the target\'s prototype. ' +
		'Validate request bodies against a schema and copy only known fields, keep libraries patched, use `Object.create(null)` targets or a `Map`, and never let users choose property paths.',
	query,
	check,
};
