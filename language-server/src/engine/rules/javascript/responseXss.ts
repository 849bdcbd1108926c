import { jsLanguages, owasp, type MatchContext, type Rule } from '../../rule';
import { whenTainted } from '../ruleHelpers';
import { enclosingFunction } from './jsHelpers';
import { assignmentQuery, callContext, callQuery, withCaptures } from './queryText';

const query = callQuery('send|write|end') + assignmentQuery('ctx[.]body');

/** Captures `obj` and the response body as `body` for `res.send(…)`-style calls and `ctx.body = …`. */
function responseContext(match: MatchContext): MatchContext | undefined {
	if (match.node.type === 'assignment_expression') {
		const left = match.node.childForFieldName('left');
		return left?.text === 'ctx.body' ? withCaptures(match, { body: match.node.childForFieldName('right') ?? undefined }) : undefined;
	}
	const ctx = callContext(match, /^(send|write|end)$/, ['body']);
	return ctx && /^(res|response|resp)$|^(res|response|resp)\.(status|type|set)\(/.test(ctx.text('obj')) ? ctx : undefined;
}

/** A handler that declares a non-HTML content type is not rendering HTML. */
const nonHtmlType = /['"](text\/plain|application\/json|application\/octet-stream|text\/csv)|\.type\(\s*['"](json|text|txt|csv)['"]|nosniff.*text\/plain/;

/** Untrusted data sent back as an HTML response. */
export const responseXss: Rule = {
	languages: jsLanguages,
	vulnClass: 'xss',
	cwe: [79],
	owasp: owasp.injection,
	id: 'rampart.js.xss.response',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is written into an HTML response (res.send/res.write/ctx.body) without escaping.',
	help:
		'Express `res.send` with a string, `res.write`/`res.end` and Koa `ctx.body` default to (or are sniffed as) `text/html`, so reflecting request data such as `req.query.name` lets an attacker inject script into your origin (reflected XSS). ' +
		'Render through a template engine that escapes by default, escape with `escape-html`/`he.encode`, return JSON with `res.json(...)`, or set `Content-Type: text/plain` together with `X-Content-Type-Options: nosniff`.',
	query,
	check: (match) => {
		const ctx = responseContext(match);
		const body = ctx?.captures.get('body');
		if (!ctx || !body || /^(object|number|true|false|null|array)$/.test(body.type) || nonHtmlType.test(enclosingFunction(ctx.node).text)) {
			return false;
		}
		return whenTainted(ctx, 'body');
	},
};
