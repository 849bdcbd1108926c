import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { enclosingFunction, resolveConst } from './jsHelpers';
import { assignmentQuery } from './queryText';

const query = assignmentQuery(String.raw`[^=;{}]*?\]`);

/** The function rejects `__proto__`/`constructor` keys or checks keys against an allow-list. */
export function hasKeyGuard(node: Node, key: string): boolean {
	const body = enclosingFunction(node).text;
	if (/['"`](__proto__|constructor|prototype)['"`]|hasOwnProperty|Object\.hasOwn\(|isSafeKey|isPrototypePolluted|Object\.freeze\(Object\.prototype\)/.test(body)) {
		return true;
	}
	const escaped = key.replace(/[.$[\]]/g, '\\$&');
	return new RegExp(`\\.(includes|has)\\(\\s*${escaped}\\s*\\)`).test(body);
}

/** Objects without a prototype chain (or Maps) cannot be polluted through their keys. */
export function isPrototypeFree(target: Node): boolean {
	const value = resolveConst(target);
	return /^Object\.create\(\s*null\s*\)$|^new (Map|WeakMap)\b/.test(value.text);
}

function check(ctx: MatchContext): CheckResult {
	const left = ctx.node.childForFieldName('left');
	const key = left?.type === 'subscript_expression' ? left.childForFieldName('index') : null;
	const target = left?.childForFieldName('object');
	const value = ctx.node.childForFieldName('right');
	if (!key || !target || !value || /^(number|string)$/.test(key.type)) {
		return false;
	}
	const keyTaint = ctx.taint(key);
	if (!keyTaint || isPrototypeFree(target) || hasKeyGuard(ctx.node, key.text)) {
		return false;
	}
	// `obj[a][b] = v` reaches Object.prototype with a = "__proto__"; `obj[k] = v` with a tainted
	// object value replaces obj's prototype.
	const nested = target.type === 'subscript_expression' && !!ctx.taint(target.childForFieldName('index') ?? target);
	return nested || ctx.taint(value) ? { taint: keyTaint } : false;
}

/** A property write whose key (and value) come from the request. */
export const protoPollutionKey: Rule = {
	languages: jsLanguages,
	vulnClass: 'prototype-pollution',
	cwe: [1321, 915],
	owasp: owasp.injection,
	id: 'rampart.js.prototype-pollution.tainted-key',
	severity: 'error',
	precision: 'high',
	message: 'Request data chooses the property name written here; "__proto__" or "constructor" reach Object.prototype.',
	help:
		'`obj[req.body.key] = req.body.value` with key `__proto__` replaces the prototype of `obj`, and `obj[a][b] = v` with `a = "__proto__"` writes `b` onto `Object.prototype`, changing every object in the process: authorization flags appear on all users, template engines and child_process options pick up attacker values (often leading to code execution). ' +
		'Reject `__proto__`, `constructor` and `prototype` keys, check keys against an allow-list, or store user-keyed data in a `Map` or an `Object.create(null)` object.',
	query,
	check,
};
