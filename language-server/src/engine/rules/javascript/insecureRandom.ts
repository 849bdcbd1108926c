import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type MatchContext, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { argumentsOf, enclosingFunction, functionName, purposeName } from './jsHelpers';

const query = `((call_expression) @finding (#eq? @finding "Math.random()"))
`;

/** Walks from `Math.random()` out through `.toString(36).slice(2)`, `* n`, `Math.floor(…)` and templates. */
function randomExpression(call: Node): Node {
	let top = call;
	for (let p = top.parent; p; p = top.parent) {
		const grand = p.parent;
		if (p.type === 'member_expression' && p.childForFieldName('object')?.id === top.id && grand?.type === 'call_expression' && /^(toString|slice|substring|substr|padStart|padEnd|toUpperCase|replace)$/.test(p.childForFieldName('property')?.text ?? '')) {
			top = grand;
		} else if (p.type === 'binary_expression' || p.type === 'parenthesized_expression' || p.type === 'template_substitution' || p.type === 'template_string') {
			top = p;
		} else if (p.type === 'arguments' && grand?.type === 'call_expression' && /^(Math\.(floor|round|ceil|trunc)|String|Number|parseInt)$/.test(grand.childForFieldName('function')?.text ?? '')) {
			top = grand;
		} else {
			break;
		}
	}
	return top;
}

const securityPurpose = /token|secret|passw|pwd|nonce|salt|session|\bsid\b|otp|api_?key|csrf|xsrf|verif\w*|reset|invite|magic|credential|signing|private_?key|access_?key|auth|uuid|guid|captcha|coupon|voucher|pin\b|code\b/i;
const notSecurity = /color|colour|delay|jitter|retry|backoff|animation|position|offset|shuffle|sample|index|sleep|timeout|interval|width|height|opacity|angle|speed|duration|\bx\b|\by\b|keyframe|keyboard/i;

/** What the random value is for: the variable, property or function it lands in. */
function purposeOf(call: Node): string {
	const top = randomExpression(call);
	return `${purposeName(top)} ${functionName(enclosingFunction(call))}`.trim();
}

function secureRandomText(ctx: MatchContext, kind: 'string' | 'int', bound?: string): string | undefined {
	for (const [local, module] of ctx.imports) {
		if (module === 'crypto') {
			return kind === 'string' ? `${local}.randomBytes(16).toString('hex')` : `${local}.randomInt(${bound})`;
		}
		if (kind === 'string' && module === 'crypto.randomBytes') {
			return `${local}(16).toString('hex')`;
		}
		if (kind === 'string' && module === 'crypto.randomUUID') {
			return `${local}()`;
		}
		if (kind === 'int' && module === 'crypto.randomInt') {
			return `${local}(${bound})`;
		}
	}
	return kind === 'string' ? 'crypto.randomUUID()' : undefined;
}

/** `Math.random().toString(36).slice(2)` → `crypto.randomUUID()`; `Math.floor(Math.random() * n)` → `crypto.randomInt(n)`. */
function fix(ctx: MatchContext): Fix | undefined {
	const call = ctx.node;
	const toString = call.parent;
	if (toString?.type === 'member_expression' && toString.childForFieldName('property')?.text === 'toString' && toString.parent?.type === 'call_expression') {
		let top = toString.parent;
		const next = top.parent;
		if (next?.type === 'member_expression' && /^(slice|substring|substr)$/.test(next.childForFieldName('property')?.text ?? '') && next.parent?.type === 'call_expression') {
			top = next.parent;
		}
		const text = secureRandomText(ctx, 'string');
		return text ? { title: `Use ${text.replace(/\(.*$/, '()')} (cryptographically secure)`, edits: [{ startIndex: top.startIndex, endIndex: top.endIndex, newText: text }] } : undefined;
	}
	const product = call.parent;
	const floor = product?.parent?.parent;
	if (product?.type === 'binary_expression' && product.childForFieldName('operator')?.text === '*' && product.childForFieldName('left')?.id === call.id && floor?.type === 'call_expression' && floor.childForFieldName('function')?.text === 'Math.floor' && argumentsOf(floor).length === 1) {
		const bound = product.childForFieldName('right')?.text;
		const text = bound ? secureRandomText(ctx, 'int', bound) : undefined;
		return text ? { title: 'Use crypto.randomInt (cryptographically secure)', edits: [{ startIndex: floor.startIndex, endIndex: floor.endIndex, newText: text }] } : undefined;
	}
	return undefined;
}

/** Math.random() producing tokens, passwords, session ids or other secrets. */
export const insecureRandom: Rule = {
	languages: jsLanguages,
	vulnClass: 'weak-crypto',
	cwe: [338, 330],
	owasp: owasp.crypto,
	id: 'rampart.js.weak-crypto.insecure-random',
	severity: 'warning',
	precision: 'high',
	message: 'Math.random() generates a token, password or identifier that must be unguessable.',
	help:
		'`Math.random()` is not cryptographically secure: engines use xorshift128+, whose internal state can be recovered from a few outputs, after which every past and future token is predictable. ' +
		'Use `crypto.randomUUID()` or `crypto.randomBytes(32).toString("hex")` for tokens and ids, `crypto.randomInt(n)` for numeric codes, and `crypto.getRandomValues()` in browsers.',
	query,
	check: (ctx) => {
		const purpose = purposeOf(ctx.node);
		return securityPurpose.test(purpose) && !notSecurity.test(purpose);
	},
	fix,
};
