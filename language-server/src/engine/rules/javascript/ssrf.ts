import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { hasAllowListCheck, optionValue, qualifiedCallee, whenTaintedOrigin } from './jsHelpers';
import { callContext, callQuery, withCaptures } from './queryText';

const query = callQuery('fetch|axios|got|request|ky|get|post|put|patch|delete|head|options|stream');

/** HTTP clients by qualified name (the module's default export or one of its methods). */
const clients = /^(fetch|node-fetch|cross-fetch|isomorphic-fetch|undici\.(fetch|request|stream)|axios(\.(get|post|put|patch|delete|head|options|request))?|got(\.(get|post|put|patch|delete|head|stream))?|request(\.(get|post|put|patch|delete|head))?|https?\.(get|request)|superagent(\.(get|post|put|patch|delete|head))?|needle\.(get|post|head)|ky(\.(get|post|put|patch|delete|head))?)$/;

function isHttpClient(ctx: MatchContext): boolean {
	const callee = ctx.node.childForFieldName('function')?.text ?? '';
	const head = callee.split('.')[0];
	if (head !== 'fetch' && !ctx.imports.has(head)) {
		return false; // `request(app)` in tests, `get()` helpers: only imported clients count.
	}
	return clients.test(qualifiedCallee(ctx, ctx.node));
}

/** `{ url }`, `{ baseURL }` or `{ host/hostname }` of an options object. */
function destinationOf(call: Node, arg: Node): Node | undefined {
	if (arg.type !== 'object') {
		return arg;
	}
	return optionValue(call, 'url', 0) ?? optionValue(call, 'baseURL', 0) ?? optionValue(call, 'hostname', 0) ?? optionValue(call, 'host', 0);
}

function check(match: MatchContext): CheckResult {
	const ctx = callContext(match, /^(fetch|axios|got|request|ky|get|post|put|patch|delete|head|options|stream)$/, ['url']);
	const arg = ctx?.captures.get('url');
	if (!ctx || !arg || !isHttpClient(ctx) || hasAllowListCheck(ctx.node)) {
		return false;
	}
	const destination = destinationOf(ctx.node, arg);
	if (!destination) {
		return false;
	}
	return whenTaintedOrigin(withCaptures(ctx, { url: destination }), 'url');
}

/** An outgoing HTTP request whose host comes from the request. */
export const ssrf: Rule = {
	languages: jsLanguages,
	vulnClass: 'ssrf',
	cwe: [918],
	owasp: owasp.ssrf,
	id: 'rampart.js.ssrf.request',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data chooses where an outgoing HTTP request goes (server-side request forgery).',
	help:
		'When request data decides the scheme or host of `fetch`, axios, got, request or `http.get`, an attacker can make the server call internal services, cloud metadata endpoints (`http://169.254.169.254/`) or localhost admin ports, and read the responses. ' +
		'Keep the scheme and host fixed (`https://api.example.com/items/${encodeURIComponent(id)}`); when the destination must vary, parse it with `new URL()`, compare `url.hostname` with an allow-list, and block private address ranges and redirects.',
	query,
	check,
};
