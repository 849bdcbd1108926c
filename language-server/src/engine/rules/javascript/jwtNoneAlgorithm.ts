import { jsLanguages, owasp, type Rule } from '../../rule';

const query = `
(pair
  key: [(property_identifier) (string)] @key
  value: (array (string (string_fragment) @alg))
  (#match? @key "^['\\"]?algorithms['\\"]?$")
  (#match? @alg "^[Nn][Oo][Nn][Ee]$")) @finding
(pair
  key: [(property_identifier) (string)] @key
  value: (string (string_fragment) @alg)
  (#match? @key "^['\\"]?(algorithm|alg)['\\"]?$")
  (#match? @alg "^[Nn][Oo][Nn][Ee]$")) @finding
`;

/** JWTs accepted or issued with the `none` algorithm: no signature at all. */
export const jwtNoneAlgorithm: Rule = {
	languages: jsLanguages,
	vulnClass: 'jwt',
	cwe: [347, 327],
	owasp: owasp.auth,
	id: 'rampart.js.jwt.none-algorithm',
	severity: 'error',
	precision: 'high',
	message: "JWTs are accepted or issued with the 'none' algorithm, i.e. without a signature.",
	help:
		"A token with `alg: none` carries no signature, so allowing `algorithms: ['none']` when verifying lets anyone forge tokens for any user, and signing with `algorithm: 'none'` issues tokens anyone can alter. " +
		"Verify with an explicit list of the one algorithm you use (`jwt.verify(token, key, { algorithms: ['RS256'] })`) and sign with the same.",
	query,
};
