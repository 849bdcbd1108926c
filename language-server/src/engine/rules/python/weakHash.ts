import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { calleeName, keywordValue, positionalArguments, resolveLocal, stringValue } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list)
  (#any-of? @fn "md5" "sha1" "new" "MD5" "SHA1" "sha224" "sha256" "sha384" "sha512" "blake2b" "blake2s" "sha3_256" "sha3_384" "sha3_512")) @finding
`;

const brokenNames = /^(md4|md5|sha1|sha-1|ripemd160)$/i;
const fastHashes = /^hashlib\.(md5|sha1|sha224|sha256|sha384|sha512|blake2b|blake2s|sha3_256|sha3_384|sha3_512)$/;
const passwordWords = /pass(word|wd|phrase)?|pwd|\bpin\b/i;

/** The algorithm a call computes, lower-cased, or undefined when it is not a hash constructor. */
function algorithmOf(ctx: MatchContext): string | undefined {
	const name = calleeName(ctx, ctx.node);
	if (fastHashes.test(name)) {
		return name.slice('hashlib.'.length);
	}
	if (name === 'hashlib.new') {
		return stringValue(positionalArguments(ctx.node)[0])?.toLowerCase();
	}
	const m = /^(Crypto|Cryptodome)\.Hash\.(MD5|SHA1|MD4)\.new$|^cryptography\.hazmat\.primitives\.hashes\.(MD5|SHA1)$/.exec(name);
	return m ? (m[2] ?? m[3]).toLowerCase() : undefined;
}

/** Does the hashed data look like a password (by the names it is built from)? */
export function hashesPassword(call: Node): boolean {
	const data = positionalArguments(call).find((a) => a.type !== 'string');
	if (!data) {
		return false;
	}
	if (passwordWords.test(data.text)) {
		return true;
	}
	const resolved = data.type === 'identifier' ? resolveLocal(data) : undefined;
	return !!resolved && passwordWords.test(resolved.text);
}

const hashShared = {
	languages: pyLanguages,
	vulnClass: 'weak-crypto',
	owasp: owasp.crypto,
	query,
} as const;

/** `hashlib.md5(data)` → `hashlib.sha256(data)`; `hashlib.new("md5")` → `hashlib.new("sha256")`. */
function fixOf(ctx: MatchContext): Fix | undefined {
	const callee = ctx.node.childForFieldName('function');
	const name = calleeName(ctx, ctx.node);
	if (callee?.type !== 'attribute') {
		return undefined;
	}
	if (name === 'hashlib.md5' || name === 'hashlib.sha1') {
		const attribute = callee.childForFieldName('attribute') as Node;
		return { title: 'Use SHA-256', edits: [{ startIndex: attribute.startIndex, endIndex: attribute.endIndex, newText: 'sha256' }] };
	}
	const algorithm = positionalArguments(ctx.node)[0];
	const content = algorithm?.type === 'string' ? algorithm.namedChildren.find((c) => c?.type === 'string_content') : undefined;
	if (name === 'hashlib.new' && content) {
		return { title: 'Use SHA-256', edits: [{ startIndex: content.startIndex, endIndex: content.endIndex, newText: 'sha256' }] };
	}
	return undefined;
}

/** MD5/SHA-1 used where collisions matter. */
export const pyWeakHash: Rule = {
	...hashShared,
	cwe: [327, 328],
	id: 'rampart.py.weak-crypto.weak-hash',
	severity: 'warning',
	precision: 'medium',
	message: 'MD5/SHA-1 are broken for security use; use SHA-256 (or pass usedforsecurity=False for non-security checksums).',
	help:
		'Practical collisions exist for MD5 and SHA-1, so they cannot protect integrity (signatures, tokens, download checks, HMAC-less tamper checks): ' +
		'an attacker can craft two inputs with the same digest. Use `hashlib.sha256` (the quick-fix) or `sha3_256`/`blake2b`. ' +
		'Note that the digest length changes, so stored digests must be recomputed. If the hash is only a cache key or ETag, say so with ' +
		'`hashlib.md5(data, usedforsecurity=False)` (Python 3.9+), which Rampart does not report. Hashing passwords is a separate problem, ' +
		'reported by `rampart.py.weak-crypto.password-hash`.',
	check: (ctx) => {
		const algorithm = algorithmOf(ctx);
		if (!algorithm || !brokenNames.test(algorithm) || keywordValue(ctx.node, 'usedforsecurity')?.type === 'false') {
			return false;
		}
		return !hashesPassword(ctx.node);
	},
	fix: fixOf,
};

/** A password hashed with a fast digest instead of a password-hashing function. */
export const pyPasswordHash: Rule = {
	...hashShared,
	cwe: [916, 759],
	id: 'rampart.py.weak-crypto.password-hash',
	severity: 'error',
	precision: 'medium',
	message: 'A password is hashed with a fast digest; use a password hash (argon2, bcrypt, scrypt, PBKDF2).',
	help:
		'MD5, SHA-1 and even SHA-256/512 are designed to be fast: a GPU tries billions of guesses per second against a leaked table, ' +
		'and without a per-user salt identical passwords share a hash. Store passwords with a slow, salted password hash: ' +
		'`argon2-cffi` (`PasswordHasher().hash(pw)`), `bcrypt.hashpw(pw, bcrypt.gensalt())`, `hashlib.scrypt`, ' +
		'`hashlib.pbkdf2_hmac("sha256", pw, salt, 600_000)`, or Django\'s/Werkzeug\'s `make_password`/`generate_password_hash`.',
	check: (ctx) => !!algorithmOf(ctx) && hashesPassword(ctx.node),
};
