import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { hasAllowListCheck, stringValue, whenTaintedOrigin } from './jsHelpers';
import { callContext, callQuery, withCaptures } from './queryText';

const query = callQuery('redirect|setHeader|set|header|append|location') + `
(pair
  key: [(property_identifier) (string)] @header
  value: (_) @url
  (#match? @header "^['\\"]?[Ll]ocation['\\"]?$")) @finding
`;

/** A `Location:` pair counts only inside `res.writeHead(…)` or a `Response` init. */
function isHeaderPair(ctx: MatchContext): boolean {
	if (ctx.node.type !== 'pair') {
		return true;
	}
	for (let p = ctx.node.parent, depth = 0; p && depth < 4; p = p.parent, depth++) {
		if (p.type === 'call_expression' || p.type === 'new_expression') {
			return /(writeHead|Response|NextResponse)$/.test(p.childForFieldName(p.type === 'call_expression' ? 'function' : 'constructor')?.text ?? '');
		}
	}
	return false;
}

/** Captures the redirect target as `url`: the last argument of redirect(), the value of a Location header. */
function redirectContext(match: MatchContext): MatchContext | undefined {
	if (match.node.type === 'pair') {
		return match;
	}
	const ctx = callContext(match, /^(redirect|setHeader|set|header|append|location)$/, ['header', 'second', 'last']);
	if (!ctx) {
		return undefined;
	}
	const method = ctx.text('fn');
	if (method === 'redirect') {
		return withCaptures(ctx, { url: ctx.captures.get('last') });
	}
	if (method === 'location') {
		return ctx.captures.get('second') ? undefined : withCaptures(ctx, { url: ctx.captures.get('header') });
	}
	const header = ctx.captures.get('header');
	return ctx.captures.has('obj') && header && /^location$/i.test(stringValue(header) ?? '') ? withCaptures(ctx, { url: ctx.captures.get('second') }) : undefined;
}

function check(match: MatchContext): CheckResult {
	const ctx = redirectContext(match);
	if (!ctx || !ctx.captures.has('url') || !isHeaderPair(ctx) || hasAllowListCheck(ctx.node)) {
		return false;
	}
	return whenTaintedOrigin(ctx, 'url', true);
}

/** A server-side redirect to a request-chosen URL. */
export const openRedirect: Rule = {
	languages: jsLanguages,
	vulnClass: 'open-redirect',
	cwe: [601],
	owasp: owasp.access,
	id: 'rampart.js.open-redirect.redirect',
	severity: 'warning',
	precision: 'high',
	message: 'The redirect target comes from the request; an attacker can send users to any site.',
	help:
		'`res.redirect(req.query.next)`, `ctx.redirect(...)`, `NextResponse.redirect(...)` or a `Location` header built from request data turn your domain into a trampoline for phishing and can leak OAuth codes or tokens to another site. ' +
		'Redirect only to relative paths you build yourself (`/account/${id}`), or parse the target with `new URL(target, ownOrigin)` and accept it only if `url.origin === ownOrigin` or the host is on an allow-list. Note that `//evil.com` and `/\\evil.com` are absolute.',
	query,
	check,
};
