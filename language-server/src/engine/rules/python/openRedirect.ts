import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { argumentOf, calleeName, literalPrefix, unguardedTaint } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list)
  (#any-of? @fn "redirect" "HttpResponseRedirect" "HttpResponsePermanentRedirect" "RedirectResponse")) @finding
(assignment
  left: (subscript value: (attribute attribute: (identifier) @headers) subscript: (string) @header)
  right: (_) @target
  (#eq? @headers "headers")
  (#match? @header "^['\\"][Ll]ocation['\\"]$")) @finding
`;

const redirectFunctions = /^(flask\.redirect|werkzeug\.utils\.redirect|django\.shortcuts\.redirect|django\.http\.(response\.)?HttpResponse(Permanent)?Redirect|(starlette|fastapi)\.responses\.RedirectResponse|quart\.redirect|redirect)$/;

function targetOf(ctx: MatchContext): Node | undefined {
	if (ctx.node.type === 'assignment') {
		return ctx.captures.get('target');
	}
	if (!redirectFunctions.test(calleeName(ctx, ctx.node))) {
		return undefined;
	}
	return argumentOf(ctx.node, 0, ctx.text('fn') === 'RedirectResponse' ? 'url' : 'location') ?? argumentOf(ctx.node, 0, 'redirect_to') ?? argumentOf(ctx.node, 0, 'to');
}

/** A constant start that pins the target to this site (`/account/…`) or to one fixed host (`https://example.com/…`). */
function isPinned(target: Node): boolean {
	const prefix = literalPrefix(target);
	return /^\/[^/\\]/.test(prefix) || /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\\]+[/?#]/i.test(prefix);
}

/** Checks that only let same-site targets through, beyond the generic allow-list guards. */
const redirectGuards = /url_has_allowed_host_and_scheme|is_safe_url|is_safe_redirect|urlparse|urlsplit|netloc|\.startswith\(\s*['"]\/['"]/;

/** Untrusted data decides where the user is redirected. */
export const pyOpenRedirect: Rule = {
	languages: pyLanguages,
	vulnClass: 'open-redirect',
	cwe: [601],
	owasp: owasp.access,
	id: 'rampart.py.open-redirect.redirect',
	severity: 'warning',
	precision: 'high',
	message: 'Untrusted data decides the redirect target; an attacker can send users to a look-alike site.',
	help:
		'A `next`/`return_to` parameter passed straight to `redirect`, `HttpResponseRedirect`, `RedirectResponse` or a `Location` header lets ' +
		'anyone craft a link on your domain that forwards to a phishing page (or to `javascript:`/`//evil.example`), often right after login. ' +
		'Redirect to named routes (`url_for("dashboard")`, Django `reverse`), or accept only relative paths on your own site: Django ' +
		'`url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=True)`, or check that `urlsplit(url)` has ' +
		'no scheme and no netloc and that the path starts with a single `/`.',
	query,
	check: (ctx) => {
		const target = targetOf(ctx);
		const taint = target ? unguardedTaint(ctx.node, target, ctx.taint, redirectGuards) : undefined;
		return taint && target && !isPinned(target) ? { taint } : false;
	},
};
