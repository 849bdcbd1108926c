import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { argumentOf, calleeName, calleeObject, literalPrefix, unguardedTaint } from './pyHelpers';

const query = `
(call
  function: (attribute attribute: (identifier) @fn)
  arguments: (argument_list)
  (#any-of? @fn "get" "post" "put" "patch" "delete" "head" "options" "request" "stream" "urlopen" "Request" "ws_connect")) @finding
(call
  function: (identifier) @fn
  arguments: (argument_list)
  (#any-of? @fn "urlopen" "Request" "get" "post")) @finding
`;

const httpModules = /^(requests|httpx|urllib\.request|urllib2|urllib3|aiohttp)\.(get|post|put|patch|delete|head|options|request|stream|urlopen|Request)$/;
const clientReceiver = /(session|client|http|sess|pool|manager)$/i;
const notHttp = /redis|cache|mongo|db|boto|s3|sqs|dynamo|elastic|memcache|kv|store|request\.(args|form|values|GET|POST|headers|cookies)/i;

/** The URL argument of an HTTP client call, or undefined when the call is not one. */
function urlArgument(ctx: MatchContext): Node | undefined {
	const name = calleeName(ctx, ctx.node);
	const fn = ctx.text('fn');
	const receiver = calleeObject(ctx.node)?.text ?? '';
	const isModuleCall = httpModules.test(name);
	if (!isModuleCall && !(receiver && clientReceiver.test(receiver) && !notHttp.test(receiver))) {
		return undefined;
	}
	// `requests.request("GET", url)` and urllib3 `http.request("GET", url)` take the method first.
	return fn === 'request' ? argumentOf(ctx.node, 1, 'url') : argumentOf(ctx.node, 0, 'url');
}

/**
 * True when constant text fixes the scheme and host (`"https://api.example.com/users/" + uid`) or the URL is
 * a path relative to a client's base URL (`f"/users/{uid}"`): only the path or query is chosen by the caller.
 */
function hostIsFixed(url: Node): boolean {
	const prefix = literalPrefix(url);
	return /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\\]+[/?#]/i.test(prefix) || /^\/[^/\\]/.test(prefix);
}

/** Untrusted data decides which host the server connects to. */
export const pySsrf: Rule = {
	languages: pyLanguages,
	vulnClass: 'ssrf',
	cwe: [918],
	owasp: owasp.ssrf,
	id: 'rampart.py.ssrf.request-url',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data decides the host of a server-side HTTP request (SSRF).',
	help:
		'When request data chooses the URL (or its host) of `requests`, `httpx`, `urllib` or `aiohttp` calls, an attacker makes the server ' +
		'call internal services: cloud metadata (`http://169.254.169.254/`), admin panels on localhost, or other hosts behind the firewall. ' +
		'Keep the scheme and host constant and put user data only in the path or query (`f"https://api.example.com/users/{quote(uid)}"`, ' +
		'or `params={"q": q}`). If users must supply URLs (webhooks, previews), parse them with `urllib.parse.urlsplit`, allow only `https` and ' +
		'hosts from an allow-list, resolve the host and reject private, loopback and link-local addresses, and disable redirects. ' +
		'Note that `urljoin(BASE, user_path)` does not fix the host: an absolute `user_path` replaces it.',
	query,
	check: (ctx) => {
		const url = urlArgument(ctx);
		const taint = url ? unguardedTaint(ctx.node, url, ctx.taint) : undefined;
		return taint && url && !hostIsFixed(url) ? { taint } : false;
	},
};
