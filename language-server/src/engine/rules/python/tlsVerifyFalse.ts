import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { calleeName, removeArgumentEdit } from './pyHelpers';

const query = `
(keyword_argument
  name: (identifier) @kw
  value: (false)
  (#any-of? @kw "verify" "ssl" "verify_ssl")) @finding
(assignment
  left: (attribute attribute: (identifier) @kw)
  right: (false)
  (#eq? @kw "verify")) @finding
`;

const httpModules = /^(requests|httpx|aiohttp|urllib3)\./;
const httpMethods = /^(get|post|put|patch|delete|head|options|request|send|stream|ws_connect|Client|AsyncClient|Session|TCPConnector|ClientSession|PoolManager|AsyncHTTPTransport|HTTPTransport)$/;
const notHttp = /jwt|jose|decode|token/i;

/** The call a keyword argument belongs to. */
function callOf(argument: Node): Node | undefined {
	const call = argument.parent?.parent;
	return call?.type === 'call' ? call : undefined;
}

function isHttpCall(ctx: MatchContext, call: Node): boolean {
	const name = calleeName(ctx, call);
	const method = name.slice(name.lastIndexOf('.') + 1);
	if (notHttp.test(name)) {
		return false;
	}
	return httpModules.test(name) || httpMethods.test(method);
}

/** Remove `verify=False` so the library's default (verification on) applies. */
function fixOf(ctx: MatchContext): Fix | undefined {
	if (ctx.node.type !== 'keyword_argument' || ctx.text('kw') !== 'verify') {
		return undefined;
	}
	return { title: 'Remove verify=False (verify certificates)', edits: [removeArgumentEdit(ctx.node)] };
}

/** HTTP clients told not to verify TLS certificates. */
export const pyTlsVerifyFalse: Rule = {
	languages: pyLanguages,
	vulnClass: 'tls-verification',
	cwe: [295],
	owasp: owasp.crypto,
	id: 'rampart.py.tls-verification.verify-disabled',
	severity: 'error',
	precision: 'high',
	message: 'TLS certificate verification is disabled; anyone on the network path can read and change this traffic.',
	help:
		'`verify=False` (requests, httpx), `ssl=False`/`verify_ssl=False` (aiohttp) and `session.verify = False` accept any certificate, so a ' +
		'man-in-the-middle on Wi-Fi, a proxy or a compromised router can impersonate the server and read or modify credentials and data. ' +
		'Remove the option (the quick-fix does, for `verify=False`); for a private CA pass its bundle instead: `verify="/etc/ssl/certs/internal-ca.pem"` ' +
		'or set `REQUESTS_CA_BUNDLE`/`SSL_CERT_FILE`. Do not silence `InsecureRequestWarning`; fix the certificate.',
	query,
	check: (ctx) => {
		if (ctx.node.type === 'assignment') {
			return /session|client|http/i.test(ctx.node.childForFieldName('left')?.text ?? '');
		}
		const call = callOf(ctx.node);
		return !!call && isHttpCall(ctx, call);
	},
	fix: fixOf,
};
