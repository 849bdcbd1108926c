import { jsLanguages, owasp, type Rule } from '../../rule';
import { enclosingFunction, qualifiedCallee } from './jsHelpers';
import { callQuery } from './queryText';

const query = callQuery('decode');

/** `jwt.decode(token)` in a function that never verifies the token. */
export const jwtDecodeWithoutVerify: Rule = {
	languages: jsLanguages,
	vulnClass: 'jwt',
	cwe: [345, 347],
	owasp: owasp.auth,
	id: 'rampart.js.jwt.decode-without-verify',
	severity: 'warning',
	precision: 'medium',
	message: 'jwt.decode() reads the claims without checking the signature, and this function never calls verify().',
	help:
		'`jsonwebtoken.decode` only base64-decodes the token: anyone can write a token with `{"sub": "admin"}` and it decodes fine. Trusting decoded claims for authentication or authorization is an authentication bypass. ' +
		'Use `jwt.verify(token, key, { algorithms: [...] })` and read the claims it returns; use `decode` only for non-security purposes such as picking the key id (`kid`) before verifying.',
	query,
	check: (ctx) => {
		const callee = ctx.node.childForFieldName('function')?.text ?? '';
		if (!/^(jwt|jsonwebtoken|JWT|jose|jws)\.decode$/.test(callee) || !/^(jsonwebtoken|jws|jwt|JWT|jose)\.decode$/.test(qualifiedCallee(ctx, ctx.node))) {
			return false;
		}
		const body = enclosingFunction(ctx.node).text;
		return !/\.verify\(|\bverify\(|jwtVerify\(|verifyToken\(|\.verifyAsync\(/.test(body);
	},
};
