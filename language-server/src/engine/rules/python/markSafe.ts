import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { isLiteral } from '../ruleHelpers';
import { calleeName, firstArgument } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list . (_))
  (#any-of? @fn "Markup" "mark_safe" "SafeString" "SafeText")) @finding
`;

const trustedMarkup = /^(markupsafe|flask|jinja2|jinja2\.utils|django\.utils\.safestring)\.(Markup|mark_safe|SafeString|SafeText)$/;

function isTrustedMarkup(ctx: MatchContext): boolean {
	return trustedMarkup.test(calleeName(ctx, ctx.node));
}

const shared = {
	languages: pyLanguages,
	vulnClass: 'xss',
	cwe: [79],
	owasp: owasp.injection,
	query,
} as const;

/** Untrusted data marked as safe HTML, so templates skip escaping it. */
export const pyMarkSafe: Rule = {
	...shared,
	id: 'rampart.py.xss.mark-safe',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is marked as safe HTML (Markup/mark_safe) and will not be escaped.',
	help:
		'`Markup(...)` (Flask, Jinja2, MarkupSafe) and `mark_safe(...)` (Django) tell the template engine that a string is already safe HTML, ' +
		'so autoescaping is switched off for it. With request data inside, an attacker injects `<script>` or event-handler attributes (stored or reflected XSS). ' +
		'Let the template escape values (`{{ name }}`), or build markup with escaping helpers: `Markup("<b>%s</b>") % name`, ' +
		'`markupsafe.escape(name)`, Django `format_html("<b>{}</b>", name)`. Sanitise rich text with a real HTML sanitiser (bleach, nh3).',
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		const taint = arg && isTrustedMarkup(ctx) ? ctx.taint(arg) : undefined;
		return taint ? { taint } : false;
	},
};

/** Computed markup trusted as safe with no visible untrusted source: audit level. */
export const pyMarkSafeAudit: Rule = {
	...shared,
	id: 'rampart.py.xss.mark-safe-audit',
	severity: 'info',
	precision: 'low',
	message: 'A computed string is marked as safe HTML; check that every part of it is escaped.',
	help:
		'The string passed to `Markup`/`mark_safe` is built at run time. No request data reaches it in this function, but database content and ' +
		'callers often do. Build HTML with `format_html` (Django) or `Markup("...%s...") % value` (Flask), which escape the values, instead of trusting the result.',
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		return !!arg && isTrustedMarkup(ctx) && !/\bescape\(|format_html\(/.test(arg.text) && !isLiteral(arg) && !ctx.taint(arg);
	},
};
