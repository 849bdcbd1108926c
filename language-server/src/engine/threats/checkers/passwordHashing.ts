import type { CheckerSpec } from '../patterns';

/** CWE-916: passwords hashed with bcrypt, argon2 or scrypt, never a fast digest. */
export const passwordHashing: CheckerSpec = {
	kind: 'password-hashing',
	title: 'password hashing with bcrypt, argon2 or scrypt',
	cwes: [916, 759, 760, 328, 256],
	keywords: /password hash|bcrypt|argon2|scrypt|pbkdf2|key derivation/i,
	javascript: {
		violations: [{ describe: 'fast digest used for passwords', call: /^(crypto\.)?createHash$/, arg: { index: 0, literal: /^(md5|sha1|sha256|sha512)$/i } }],
		evidence: [
			{ describe: 'slow password hash', call: /^(bcrypt|bcryptjs|argon2)\.(hash|hashSync|compare|compareSync|verify|genSalt)$/ },
			{ describe: 'scrypt key derivation', call: /^(crypto\.)?(scrypt|scryptSync|pbkdf2|pbkdf2Sync)$/ },
		],
	},
	python: {
		violations: [{ describe: 'fast digest used for passwords', call: /^hashlib\.(md5|sha1|sha224|sha256|sha512|new)$/ }],
		evidence: [
			{ describe: 'slow password hash', call: /^(bcrypt\.(hashpw|checkpw|gensalt)|argon2\.\w+|\w*[hH]asher\.(hash|verify)|PasswordHasher|pwd_context\.(hash|verify)|make_password|check_password)$/ },
			{ describe: 'salted key derivation', call: /^(hashlib\.(scrypt|pbkdf2_hmac)|generate_password_hash|check_password_hash)$/ },
		],
	},
};
