import { jsLanguages, owasp, type MatchContext, type Rule } from '../../rule';
import { whenComputedButUntainted, whenTainted } from '../ruleHelpers';
import { callContext, callQuery, newQuery, withCaptures } from './queryText';

const query = callQuery('eval|Function|setTimeout|setInterval|execScript') + newQuery('Function');

/** Captures `fn`, `obj` and the evaluated argument as `arg`. */
function evalContext(ctx: MatchContext): MatchContext | undefined {
	const call = callContext(ctx, /^(eval|Function|setTimeout|setInterval|execScript)$/, ['arg', 'last']);
	// `new Function(params…, body)`: the body is the last argument.
	return call?.text('fn') === 'Function' ? withCaptures(call, { arg: call.captures.get('last') }) : call;
}

const shared = {
	languages: jsLanguages,
	vulnClass: 'code-injection',
	cwe: [95],
	owasp: owasp.injection,
	query,
} as const;

function isEvalLike(text: (name: string) => string): boolean {
	const fn = text('fn');
	const obj = text('obj');
	if (obj && obj !== 'window' && obj !== 'globalThis' && obj !== 'global') {
		return false;
	}
	return fn === 'eval' || fn === 'Function' || fn === 'execScript' || fn === 'setTimeout' || fn === 'setInterval';
}

/** Untrusted data evaluated as code. */
export const evalInjection: Rule = {
	...shared,
	id: 'rampart.js.code-injection.eval',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is evaluated as code (eval/Function/string timer).',
	help: 'Evaluating strings built from user input lets an attacker run arbitrary JavaScript. Parse data with JSON.parse, dispatch on a fixed table of functions, and pass functions (not strings) to setTimeout/setInterval.',
	check: (match) => {
		const ctx = evalContext(match);
		if (!ctx || !isEvalLike(ctx.text)) {
			return false;
		}
		if ((ctx.text('fn') === 'setTimeout' || ctx.text('fn') === 'setInterval') && !isStringish(ctx.captures.get('arg')?.type)) {
			return false;
		}
		return whenTainted(ctx, 'arg');
	},
};

/** A computed string evaluated as code: audit-level, no untrusted source seen. */
export const evalAudit: Rule = {
	...shared,
	id: 'rampart.js.code-injection.eval-audit',
	severity: 'info',
	precision: 'low',
	message: 'A computed string is evaluated as code; check that no user input can reach it.',
	help: 'eval and new Function of non-literal strings are dangerous even when no untrusted source is visible in this function. Prefer JSON.parse or a lookup table.',
	check: (match) => {
		const ctx = evalContext(match);
		if (!ctx || !isEvalLike(ctx.text) || ctx.text('fn') === 'setTimeout' || ctx.text('fn') === 'setInterval') {
			return false;
		}
		return whenComputedButUntainted(ctx, 'arg');
	},
	fix: (match) => {
		const ctx = evalContext(match);
		const arg = ctx?.captures.get('arg');
		if (!ctx || ctx.text('fn') !== 'eval' || !arg || !/^[\w.[\]'"]+$/.test(arg.text) || !/json|data|payload|body|str|text/i.test(arg.text)) {
			return undefined;
		}
		return { title: 'Replace eval with JSON.parse', edits: [{ startIndex: ctx.node.startIndex, endIndex: ctx.node.endIndex, newText: `JSON.parse(${arg.text})` }] };
	},
};

function isStringish(type: string | undefined): boolean {
	return type === 'string' || type === 'template_string' || type === 'binary_expression' || type === 'identifier' || type === 'member_expression';
}
