import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { calleeName, keywordValue, positionalArguments, resolveLocal, stringValue } from './pyHelpers';

const query = `
(call
  function: (attribute attribute: (identifier) @fn)
  arguments: (argument_list)
  (#any-of? @fn "decode" "encode")) @finding
`;

/** PyJWT (`jwt`), python-jose (`jose.jwt`) and authlib's `jwt` decode/encode. */
function jwtCall(ctx: MatchContext): 'decode' | 'encode' | undefined {
	const name = calleeName(ctx, ctx.node);
	const m = /^(jwt|jose\.jwt|jwt\.api_jwt|authlib\.jose\.jwt)\.(decode|encode)$/.exec(name);
	return m ? (m[2] as 'decode' | 'encode') : undefined;
}

/** The options dict of a decode call, following a variable to its literal. */
function optionsOf(call: Node): Node | undefined {
	const options = keywordValue(call, 'options');
	return options?.type === 'identifier' ? resolveLocal(options) : options;
}

/** `{"verify_signature": False}` inside the options. */
function disablesSignature(options: Node | undefined): boolean {
	if (options?.type !== 'dictionary') {
		return false;
	}
	return options.namedChildren.some(
		(p) => p?.type === 'pair' && stringValue(p.childForFieldName('key') ?? undefined) === 'verify_signature' && p.childForFieldName('value')?.type === 'false',
	);
}

/** `algorithms=["none"]`, `algorithm="none"`. */
function allowsNone(node: Node | undefined): boolean {
	if (!node) {
		return false;
	}
	const values = node.type === 'list' || node.type === 'tuple' ? node.namedChildren : [node];
	return values.some((v) => (stringValue(v ?? undefined) ?? '').toLowerCase() === 'none');
}

const shared = {
	languages: pyLanguages,
	vulnClass: 'jwt',
	cwe: [347],
	owasp: owasp.auth,
	query,
} as const;

/** Tokens accepted without checking their signature. */
export const pyJwtUnverified: Rule = {
	...shared,
	id: 'rampart.py.jwt.unverified-decode',
	severity: 'error',
	precision: 'high',
	message: 'A JWT is decoded without verifying its signature (or with the "none" algorithm); anyone can forge its claims.',
	help:
		'`jwt.decode(token, options={"verify_signature": False})`, PyJWT 1.x `verify=False`, and allowing the `none` algorithm accept tokens ' +
		'nobody signed: an attacker edits the payload (`"sub": "admin"`) and the server believes it. Always decode with the key and a fixed ' +
		'algorithm list: `jwt.decode(token, key, algorithms=["RS256"], audience="my-api")`. If you only need to peek at the header to choose ' +
		'a key, use `jwt.get_unverified_header(token)` and then verify with that key; never use unverified claims for decisions.',
	check: (ctx) => {
		const kind = jwtCall(ctx);
		if (kind === 'encode') {
			return allowsNone(keywordValue(ctx.node, 'algorithm') ?? positionalArguments(ctx.node)[2]) ? { message: 'A JWT is signed with the "none" algorithm; it carries no signature at all.' } : false;
		}
		if (kind !== 'decode') {
			return false;
		}
		return disablesSignature(optionsOf(ctx.node)) || keywordValue(ctx.node, 'verify')?.type === 'false' || allowsNone(keywordValue(ctx.node, 'algorithms'));
	},
};

/** A verifying decode that does not pin the accepted algorithms. */
export const pyJwtNoAlgorithms: Rule = {
	...shared,
	id: 'rampart.py.jwt.missing-algorithms',
	severity: 'warning',
	precision: 'medium',
	message: 'jwt.decode is called with a key but without algorithms=[...]; pin the algorithms you accept.',
	help:
		'Without an explicit `algorithms` list, old PyJWT (< 2.0) and python-jose accept whatever algorithm the token header names. With an RSA ' +
		'public key that enables algorithm confusion: the attacker signs an HS256 token using the public key as the HMAC secret. PyJWT 2 refuses ' +
		'to decode without the list, so the call is also a latent crash. Pass the one family you issue: `algorithms=["RS256"]` or `["HS256"]`, never both.',
	check: (ctx) => {
		if (jwtCall(ctx) !== 'decode' || keywordValue(ctx.node, 'algorithms') || positionalArguments(ctx.node).length > 2) {
			return false;
		}
		const key = positionalArguments(ctx.node)[1] ?? keywordValue(ctx.node, 'key');
		const options = optionsOf(ctx.node);
		return !!key && !disablesSignature(options) && keywordValue(ctx.node, 'verify')?.type !== 'false';
	},
};
