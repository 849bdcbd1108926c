import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { argumentsOf, optionValue, qualifiedCallee } from './jsHelpers';
import { callQuery } from './queryText';

export const jwtCallQuery = callQuery('verify|sign');

export function isJwtCall(ctx: MatchContext): boolean {
	const callee = ctx.node.childForFieldName('function')?.text ?? '';
	return /^(jwt|jsonwebtoken|JWT|jsonWebToken)\.(verify|sign)$/.test(callee) && /^(jsonwebtoken|jwt|JWT)\.(verify|sign)$/.test(qualifiedCallee(ctx, ctx.node));
}

function emptyKey(key: Node | undefined): boolean {
	return !key || /^(null|undefined|''|""|``)$/.test(key.text);
}

function check(ctx: MatchContext): CheckResult {
	if (!isJwtCall(ctx)) {
		return false;
	}
	const [, key] = argumentsOf(ctx.node);
	if (ctx.node.childForFieldName('function')?.text.endsWith('.verify')) {
		if (emptyKey(key)) {
			return { message: 'jwt.verify() is called without a secret or public key.' };
		}
		if (optionValue(ctx.node, 'ignoreExpiration', 2)?.type === 'true') {
			return { message: 'jwt.verify() ignores the expiry (ignoreExpiration: true): stolen or logged-out tokens stay valid forever.' };
		}
		return false;
	}
	if (emptyKey(key)) {
		return { message: 'jwt.sign() is called with an empty secret.' };
	}
	return false;
}

/** Verification that skips the key or the expiry. */
export const jwtInsecureVerify: Rule = {
	languages: jsLanguages,
	vulnClass: 'jwt',
	cwe: [347, 613],
	owasp: owasp.auth,
	id: 'rampart.js.jwt.insecure-verify',
	severity: 'error',
	precision: 'high',
	message: 'JWT verification is weakened (no key, empty secret, or ignoreExpiration: true).',
	help:
		'`jwt.verify` without a key (or with an empty one) cannot establish who issued the token, and `ignoreExpiration: true` keeps stolen, leaked or revoked tokens valid forever. ' +
		'Always verify with the real secret or public key, an explicit `algorithms` list and the default expiry check; keep token lifetimes short and use refresh tokens for long sessions.',
	query: jwtCallQuery,
	check,
};
