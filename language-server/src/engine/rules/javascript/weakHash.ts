import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type MatchContext, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { enclosingFunction, functionName, qualifiedCallee } from './jsHelpers';
import { callContext, callQuery, withCaptures } from './queryText';

const query = callQuery('createHash|md5|MD5|sha1|SHA1|md4');

/** Captures `fn` and, for createHash with a weak algorithm literal, the algorithm text as `alg`. */
function hashContext(match: MatchContext): MatchContext | undefined {
	const ctx = callContext(match, /^(createHash|md5|MD5|sha1|SHA1|md4)$/, ['first']);
	const first = ctx?.captures.get('first');
	if (!ctx || !first) {
		return undefined;
	}
	if (ctx.text('fn') !== 'createHash') {
		return ctx;
	}
	const alg = first.type === 'string' ? first.namedChildren.find((c) => c?.type === 'string_fragment') : undefined;
	return alg && /^(md[245]|sha-?1|rsa-md5|rsa-sha1|ripemd|rmd160)$/i.test(alg.text) ? withCaptures(ctx, { alg }) : undefined;
}

type Use = 'secret' | 'integrity' | 'harmless' | 'unknown';

/** The statement around the hash plus the function it sits in: what the digest is for. */
function contextOf(call: Node): string {
	let statement: Node = call;
	while (statement.parent && !/^(statement_block|program|class_body|switch_case)$/.test(statement.parent.type)) {
		statement = statement.parent;
	}
	return `${statement.text.slice(0, 400)} ${functionName(enclosingFunction(call))}`;
}

const secretUse = /pass(w(or)?d)?|pwd|secret|token|session|api_?key|credential|\botp\b|\bpin\b|login|auth/i;
const integrityUse = /integrity|checksum|verif|tamper|signature|\bsri\b|artifact|download|upload|manifest|package|firmware|backup/i;
const harmlessUse = /etag|cache|gravatar|avatar|fingerprint|dedup|bucket|shard|partition|colou?r|memo|lookup|hashKey|cacheKey|\bkey\b.*map|legacy/i;

export function useOf(call: Node): Use {
	const context = contextOf(call);
	if (secretUse.test(context)) {
		return 'secret';
	}
	if (integrityUse.test(context)) {
		return 'integrity';
	}
	return harmlessUse.test(context) ? 'harmless' : 'unknown';
}

function isWeakHash(ctx: MatchContext): boolean {
	if (ctx.captures.has('alg')) {
		return /^(crypto\.createHash|createHash|node:crypto\.createHash)$/.test(qualifiedCallee(ctx, ctx.node)) || ctx.text('fn') === 'createHash';
	}
	const name = qualifiedCallee(ctx, ctx.node);
	return /^(md5|sha1|crypto-js\.(MD5|SHA1)|crypto-js\/(md5|sha1)|CryptoJS\.(MD5|SHA1)|js-md5|js-sha1|blueimp-md5)$/.test(name);
}

/** `createHash('md5')` → `createHash('sha256')` where the digest checks integrity. */
function sha256Fix(match: MatchContext): Fix | undefined {
	const ctx = hashContext(match);
	const alg = ctx?.captures.get('alg');
	if (!ctx || !alg || useOf(ctx.node) === 'secret') {
		return undefined;
	}
	return { title: 'Use SHA-256', edits: [{ startIndex: alg.startIndex, endIndex: alg.endIndex, newText: 'sha256' }] };
}

const shared = {
	languages: jsLanguages,
	vulnClass: 'weak-crypto',
	cwe: [328, 327],
	owasp: owasp.crypto,
	query,
	fix: sha256Fix,
} as const;

/** MD5/SHA-1 protecting passwords, tokens or integrity. */
export const weakHash: Rule = {
	...shared,
	id: 'rampart.js.weak-crypto.weak-hash',
	severity: 'warning',
	precision: 'high',
	message: 'MD5/SHA-1 is used for a security purpose (passwords, tokens or integrity checks).',
	help:
		'MD5 and SHA-1 have practical collision attacks, and as fast unsalted hashes they are brute-forced at billions of guesses per second. ' +
		'For passwords use a password hashing function: `bcrypt`, `argon2` or `crypto.scrypt` with a random salt. For integrity checks and content signatures use SHA-256 or better (`crypto.createHash("sha256")`), and HMAC-SHA-256 for tokens that must not be forged.',
	check: (match) => {
		const ctx = hashContext(match);
		if (!ctx || !isWeakHash(ctx)) {
			return false;
		}
		const use = useOf(ctx.node);
		if (use === 'secret') {
			return { message: 'MD5/SHA-1 protects a password or token; use bcrypt/argon2/scrypt (passwords) or HMAC-SHA-256 (tokens).' };
		}
		return use === 'integrity';
	},
};

/** MD5/SHA-1 whose purpose is not evident. */
export const weakHashAudit: Rule = {
	...shared,
	id: 'rampart.js.weak-crypto.weak-hash-audit',
	severity: 'info',
	precision: 'low',
	message: 'MD5/SHA-1 digest; fine for cache keys, but not for anything an attacker may try to forge.',
	help: 'MD5 and SHA-1 are acceptable for non-security uses such as cache keys or ETags. If this digest guards integrity, identifies content users upload, or protects secrets, switch to SHA-256 (or a password hash for passwords).',
	check: (match) => {
		const ctx = hashContext(match);
		return !!ctx && isWeakHash(ctx) && useOf(ctx.node) === 'unknown';
	},
};
