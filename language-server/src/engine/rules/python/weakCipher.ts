import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { calleeName } from './pyHelpers';

const query = `
(call
  function: (attribute attribute: (identifier) @fn)
  (#eq? @fn "new")) @finding
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  (#any-of? @fn "TripleDES" "ARC4" "Blowfish" "IDEA" "CAST5" "SEED" "ARC2" "DES")) @finding
`;

const brokenCiphers = /^(Crypto|Cryptodome)\.Cipher\.(DES|DES3|ARC2|ARC4|Blowfish|CAST|XOR)\.new$|^cryptography\.hazmat\.(primitives\.ciphers\.algorithms|decrepit\.ciphers\.algorithms)\.(TripleDES|ARC4|Blowfish|IDEA|CAST5|SEED)$|^pyDes\.(des|triple_des)$/;

function cipherOf(ctx: MatchContext): string | undefined {
	const m = brokenCiphers.exec(calleeName(ctx, ctx.node));
	return m ? (m[2] ?? m[4] ?? m[0]) : undefined;
}

/** DES, 3DES, RC4, RC2, Blowfish and friends. */
export const pyWeakCipher: Rule = {
	languages: pyLanguages,
	vulnClass: 'weak-crypto',
	cwe: [327],
	owasp: owasp.crypto,
	id: 'rampart.py.weak-crypto.weak-cipher',
	severity: 'error',
	precision: 'high',
	message: 'A broken or obsolete cipher (DES, 3DES, RC4, RC2, Blowfish) is used; use AES-GCM or ChaCha20-Poly1305.',
	help:
		'DES keys are brute-forced in hours, RC4 has exploitable keystream biases, and 64-bit block ciphers (3DES, Blowfish, IDEA, CAST5) leak ' +
		'plaintext after a few gigabytes (Sweet32). None of them authenticates the data either. Use an AEAD: ' +
		'`cryptography.hazmat.primitives.ciphers.aead.AESGCM` or `ChaCha20Poly1305` with a fresh 96-bit nonce per message, or the high-level ' +
		'`cryptography.fernet.Fernet`. In PyCryptodome, `AES.new(key, AES.MODE_GCM)`. Keep old ciphers only to decrypt legacy data once, then re-encrypt.',
	query,
	check: (ctx) => {
		const cipher = cipherOf(ctx);
		return cipher ? { message: `${cipher} is a broken or obsolete cipher; use AES-GCM or ChaCha20-Poly1305.` } : false;
	},
};
