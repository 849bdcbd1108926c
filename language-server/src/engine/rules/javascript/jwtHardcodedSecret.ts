import { jsLanguages, owasp, type Rule } from '../../rule';
import { argumentsOf, stringValue } from './jsHelpers';
import { isJwtCall, jwtCallQuery } from './jwtInsecureVerify';

/** A literal signing secret in jwt.sign/jwt.verify. */
export const jwtHardcodedSecret: Rule = {
	languages: jsLanguages,
	vulnClass: 'jwt',
	cwe: [798, 321],
	owasp: owasp.auth,
	id: 'rampart.js.jwt.hardcoded-secret',
	severity: 'error',
	precision: 'high',
	message: 'The JWT signing secret is a string literal in the source code.',
	help:
		'Anyone who can read the code (repository, history, a leaked bundle) can mint valid tokens for any user with a hard-coded HMAC secret, and it cannot be rotated without a release. ' +
		'Load a long random secret from the environment or a secret manager (`process.env.JWT_SECRET`, failing at start-up when it is missing), or sign with a private key kept outside the code.',
	query: jwtCallQuery,
	check: (ctx) => {
		if (!isJwtCall(ctx)) {
			return false;
		}
		const key = argumentsOf(ctx.node)[1];
		const value = key ? stringValue(key) : undefined;
		return value !== undefined && value.length > 0;
	},
};
