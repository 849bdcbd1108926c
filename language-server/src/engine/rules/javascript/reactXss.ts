import type { Node } from 'web-tree-sitter';
import { owasp, type Rule } from '../../rule';
import { isLiteral, whenTainted } from '../ruleHelpers';
import { resolveConst } from './jsHelpers';

const query = `
(jsx_attribute
  (property_identifier) @attr
  (jsx_expression (object (pair key: (property_identifier) @key value: (_) @html)))
  (#eq? @attr "dangerouslySetInnerHTML")
  (#eq? @key "__html")) @finding
`;

const sanitized = /\b(DOMPurify|purify|sanitize\w*|escape\w*|xss|marked\.parseInline)\b/i;

const shared = {
	languages: ['javascript', 'tsx'],
	vulnClass: 'xss',
	cwe: [79],
	owasp: owasp.injection,
	query,
} as const;

/** Untrusted data rendered through React's dangerouslySetInnerHTML. */
export const reactXss: Rule = {
	...shared,
	id: 'rampart.js.xss.react-dangerous-html',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is rendered as raw HTML via dangerouslySetInnerHTML.',
	help:
		'React escapes everything it renders except `dangerouslySetInnerHTML`. Passing URL parameters, router queries or other user data there lets an attacker inject script. ' +
		'Render the value as a child (`<div>{value}</div>`) so React escapes it; if you must render user-supplied markup, sanitize it first with DOMPurify (`{ __html: DOMPurify.sanitize(html) }`).',
	check: (ctx) => whenTainted(ctx, 'html'),
};

/** Computed, unsanitized markup in dangerouslySetInnerHTML. */
export const reactXssAudit: Rule = {
	...shared,
	id: 'rampart.js.xss.react-dangerous-html-audit',
	severity: 'info',
	precision: 'low',
	message: 'Computed markup is rendered with dangerouslySetInnerHTML without a visible sanitizer.',
	help: 'Markup that reaches `dangerouslySetInnerHTML` is inserted unescaped. Even when it comes from your own API or CMS, sanitize it with DOMPurify so one compromised record cannot become stored XSS.',
	check: (ctx) => {
		const html = ctx.captures.get('html') as Node;
		const value = resolveConst(html);
		return !isLiteral(value) && !sanitized.test(value.text) && !ctx.taint(html);
	},
};
