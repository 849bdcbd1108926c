import { owasp, pyLanguages, type Rule } from '../../rule';
import { qualifiedName } from '../../imports';
import { calleeName } from './pyHelpers';

const query = `
(attribute
  object: (identifier)
  attribute: (identifier) @mode
  (#eq? @mode "MODE_ECB")) @finding
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  (#eq? @fn "ECB")) @finding
`;

/** Block ciphers in ECB mode: identical plaintext blocks give identical ciphertext blocks. */
export const pyEcbMode: Rule = {
	languages: pyLanguages,
	vulnClass: 'weak-crypto',
	cwe: [327],
	owasp: owasp.crypto,
	id: 'rampart.py.weak-crypto.ecb-mode',
	severity: 'error',
	precision: 'high',
	message: 'ECB mode encrypts equal blocks to equal ciphertext and leaks patterns; use an authenticated mode (GCM).',
	help:
		'In ECB mode every 16-byte block is encrypted on its own, so repeated plaintext shows as repeated ciphertext (the "ECB penguin"), ' +
		'blocks can be cut and pasted between messages, and nothing detects tampering. Use AES-GCM: `AESGCM(key).encrypt(nonce, data, aad)` ' +
		'(cryptography) or `AES.new(key, AES.MODE_GCM)` (PyCryptodome), with a unique nonce per message; or `Fernet` for a simple, safe default.',
	query,
	check: (ctx) => {
		if (ctx.node.type === 'attribute') {
			// `AES.MODE_ECB`, `DES3.MODE_ECB`, … from PyCryptodome / PyCrypto.
			const module = ctx.node.childForFieldName('object')?.text ?? '';
			return /^(Crypto|Cryptodome)\.Cipher\./.test(qualifiedName(module, ctx.imports)) || /^(AES|DES3?|Blowfish|ARC2|CAST)$/.test(module);
		}
		return calleeName(ctx, ctx.node) === 'cryptography.hazmat.primitives.ciphers.modes.ECB';
	},
};

