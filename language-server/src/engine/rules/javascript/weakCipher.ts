import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { argumentsOf, resolveConst, stringValue } from './jsHelpers';
import { callQuery } from './queryText';

const query =
	callQuery('createCipher|createDecipher|createCipheriv|createDecipheriv') +
	`((call_expression) @finding (#match? @finding "^(CryptoJS|cryptoJs|CryptoJs|cryptojs)[.](DES|TripleDES|RC4|RC4Drop|Rabbit)[.](encrypt|decrypt)[ \\t\\n]*[(]"))
(pair
  key: (property_identifier) @key
  value: (member_expression) @mode
  (#eq? @key "mode")
  (#match? @mode "mode[.]ECB$")) @finding
`;

const weakAlgorithm = /^(des(-\S+)?|des3|desx\S*|rc2\S*|rc4\S*|bf(-\S+)?|blowfish\S*|cast\S*|idea\S*|seed\S*|\S+-ecb)$/i;

function check(ctx: MatchContext): CheckResult {
	if (ctx.node.type === 'pair') {
		return true;
	}
	const callee = ctx.node.childForFieldName('function');
	const fn = callee?.type === 'member_expression' ? (callee.childForFieldName('property')?.text ?? '') : (callee?.text ?? '');
	if (fn === 'createCipher' || fn === 'createDecipher') {
		return { message: `${fn} derives the key with MD5 and no salt and uses no IV; use createCipheriv with a random IV (AES-256-GCM).` };
	}
	if (fn === 'createCipheriv' || fn === 'createDecipheriv') {
		const alg = argumentsOf(ctx.node)[0];
		const name = alg ? stringValue(resolveConst(alg)) : undefined;
		return name !== undefined && weakAlgorithm.test(name) ? { message: `Weak cipher or mode '${name}'; use aes-256-gcm (or chacha20-poly1305).` } : false;
	}
	return /^(CryptoJS|cryptoJs|CryptoJs|cryptojs)\.(DES|TripleDES|RC4|RC4Drop|Rabbit)\.(encrypt|decrypt)$/.test(callee?.text ?? '');
}

/** Broken ciphers (DES, RC4, Blowfish), ECB mode, and the IV-less createCipher. */
export const weakCipher: Rule = {
	languages: jsLanguages,
	vulnClass: 'weak-crypto',
	cwe: [327],
	owasp: owasp.crypto,
	id: 'rampart.js.weak-crypto.weak-cipher',
	severity: 'warning',
	precision: 'high',
	message: 'A broken cipher or mode (DES, 3DES, RC4, Blowfish, ECB, or IV-less createCipher) encrypts data.',
	help:
		'DES and RC4 are broken, 64-bit block ciphers (3DES, Blowfish) leak data after a few gigabytes (Sweet32), ECB mode shows patterns of the plaintext, and `crypto.createCipher` derives its key with one round of MD5 and reuses the same IV (it was removed in Node 22). ' +
		'Use authenticated encryption: `crypto.createCipheriv("aes-256-gcm", key, iv)` with a random 12-byte IV per message and a key from `crypto.scrypt`/a KMS, and check the auth tag when decrypting.',
	query,
	check,
};
