import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { enclosingFunction, functionName, functionTypes } from './jsHelpers';
import { hasKeyGuard, isPrototypeFree } from './protoPollutionKey';
import { assignmentQuery } from './queryText';

const query = assignmentQuery(String.raw`[\w$]+\[\s*[\w$]+\s*\]`);

/** The loop that binds `key`: `for (key in …)`, `for (const key of Object.keys(…))` or `Object.keys(…).forEach((key) => …)`. */
function keyLoop(node: Node, key: string): Node | undefined {
	for (let p = node.parent; p && p.type !== 'program'; p = p.parent) {
		if (p.type === 'for_in_statement') {
			const left = p.childForFieldName('left');
			if (left && new RegExp(`(^|[\\[\\s,{])${key}([\\]\\s,}]|$)`).test(left.text)) {
				return p;
			}
		}
		if ((p.type === 'arrow_function' || p.type === 'function_expression') && p.parent?.type === 'arguments') {
			const params = p.childForFieldName('parameters')?.text ?? p.childForFieldName('parameter')?.text ?? '';
			const call = p.parent.parent;
			const callee = call?.childForFieldName('function')?.text ?? '';
			if (new RegExp(`\\b${key}\\b`).test(params) && /Object\.(keys|entries)\(.*\)\.forEach$|\.forEach$/.test(callee)) {
				return p;
			}
			return undefined;
		}
		if (functionTypes.has(p.type)) {
			return undefined;
		}
	}
	return undefined;
}

function check(ctx: MatchContext): CheckResult {
	const left = ctx.node.childForFieldName('left');
	const keyNode = left?.childForFieldName('index');
	const targetNode = left?.childForFieldName('object');
	if (left?.type !== 'subscript_expression' || keyNode?.type !== 'identifier' || targetNode?.type !== 'identifier') {
		return false;
	}
	const key = keyNode.text;
	const target = targetNode.text;
	const loop = keyLoop(ctx.node, key);
	if (!loop || hasKeyGuard(ctx.node, key) || isPrototypeFree(targetNode)) {
		return false;
	}
	const outer = enclosingFunction(loop.type === 'for_in_statement' ? loop : (loop.parent ?? loop));
	const name = functionName(outer);
	const recursive = name !== '' && new RegExp(`\\b${name.replace(/^.*\./, '')}\\(`).test(loop.text);
	const walking = new RegExp(`\\b${target}\\s*=\\s*${target}\\[\\s*${key}\\s*\\]`).test(loop.text);
	return recursive || walking;
}

/** A hand-written deep merge/clone/set that copies every key, `__proto__` included. */
export const protoPollutionMerge: Rule = {
	languages: jsLanguages,
	vulnClass: 'prototype-pollution',
	cwe: [1321],
	owasp: owasp.injection,
	id: 'rampart.js.prototype-pollution.unsafe-merge',
	severity: 'warning',
	precision: 'medium',
	message: 'Recursive merge/assignment copies every key without skipping "__proto__" and "constructor".',
	help:
		'A deep merge, clone or path setter that recurses into `target[key]` for every key of its input follows `__proto__` into `Object.prototype` when the input was parsed from JSON (`{"__proto__": {"isAdmin": true}}`), polluting every object in the process. ' +
		'Skip the keys `__proto__`, `constructor` and `prototype`, only copy own properties of plain objects, or use a maintained library version (lodash ≥ 4.17.21) or `structuredClone`.',
	query,
	check,
};
