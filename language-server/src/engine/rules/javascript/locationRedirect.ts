import { jsLanguages, owasp, type MatchContext, type Rule } from '../../rule';
import { hasAllowListCheck, whenTaintedOrigin } from './jsHelpers';
import { assignmentQuery, callContext, callQuery, withCaptures } from './queryText';

const query =
	assignmentQuery('(?:(?:window|document|self|top)[.])?location(?:[.]href)?') + callQuery('assign|replace|push|open');

/** Captures the navigation target as `url`, and `obj`/`method` for calls. */
function navigationContext(match: MatchContext): MatchContext | undefined {
	if (match.node.type === 'assignment_expression') {
		const left = match.node.childForFieldName('left')?.text ?? '';
		return /^((window|document|self|top)\.)?location(\.href)?$/.test(left) ? withCaptures(match, { url: match.node.childForFieldName('right') ?? undefined }) : undefined;
	}
	const ctx = callContext(match, /^(assign|replace|push|open)$/, ['url']);
	return ctx && /^((window|document|self|top)\.)?location$|^(router|navigate|window)$/.test(ctx.text('obj')) ? withCaptures(ctx, { method: ctx.captures.get('fn') }) : undefined;
}

/** Browser navigation to a URL taken from the page URL or a message. */
export const locationRedirect: Rule = {
	languages: jsLanguages,
	vulnClass: 'open-redirect',
	cwe: [601],
	owasp: owasp.access,
	id: 'rampart.js.open-redirect.location',
	severity: 'warning',
	precision: 'high',
	message: 'The page navigates to a URL taken from the address bar or a message (client-side open redirect).',
	help:
		'Setting `location.href`, calling `location.assign/replace`, `window.open` or `router.push` with a value from `location.search`, the hash or `postMessage` data lets a crafted link send users to a phishing site, and a `javascript:` URL runs script in your page (DOM XSS). ' +
		'Accept only relative paths that start with a single `/`, or parse with `new URL(value, location.origin)` and check `url.origin === location.origin` before navigating.',
	query,
	check: (match) => {
		const ctx = navigationContext(match);
		if (!ctx || !ctx.captures.has('url')) {
			return false;
		}
		const obj = ctx.text('obj');
		const method = ctx.text('method');
		if ((obj === 'window' && method !== 'open') || (method === 'open' && obj !== 'window') || hasAllowListCheck(ctx.node)) {
			return false;
		}
		return whenTaintedOrigin(ctx, 'url', true);
	},
};
