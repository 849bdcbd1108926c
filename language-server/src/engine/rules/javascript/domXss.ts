import { jsLanguages, owasp, type MatchContext, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { isLiteral, whenTainted } from '../ruleHelpers';
import { resolveConst } from './jsHelpers';
import { assignmentQuery, callContext, callQuery, withCaptures } from './queryText';

const query =
	assignmentQuery('[^=;{}]*?[.](?:innerHTML|outerHTML)') +
	assignmentQuery('[^=;{}]*?[.](?:innerHTML|outerHTML)', true) +
	callQuery('write|writeln|insertAdjacentHTML|createContextualFragment|html|append|prepend|after|before|replaceWith|wrap');

/** Captures `prop` (innerHTML/outerHTML) or `fn`/`obj` (the method), and the markup as `html`. */
function htmlContext(match: MatchContext): MatchContext | undefined {
	const node = match.node;
	if (node.type === 'assignment_expression' || node.type === 'augmented_assignment_expression') {
		const prop = node.childForFieldName('left')?.childForFieldName('property') ?? undefined;
		const html = node.childForFieldName('right') ?? undefined;
		return prop && html && /^(innerHTML|outerHTML)$/.test(prop.text) ? withCaptures(match, { prop, html }) : undefined;
	}
	const ctx = callContext(match, /^(write|writeln|insertAdjacentHTML|createContextualFragment|html|append|prepend|after|before|replaceWith|wrap)$/, ['last']);
	const html = ctx?.captures.get('last');
	return ctx && html && ctx.captures.has('obj') ? withCaptures(ctx, { html, method: ctx.captures.get('fn') }) : undefined;
}

const jqueryMethods = /^(html|append|prepend|after|before|replaceWith|wrap)$/;
const sanitizedText = /\b(DOMPurify|purify|sanitize\w*|escape\w*|encode\w*|xss)\b/i;

/** The sink is real: document.write on the document, jQuery methods on a jQuery object. */
function isHtmlSink(ctx: MatchContext): boolean {
	const method = ctx.text('method');
	if (!method) {
		return true; // innerHTML / outerHTML assignment
	}
	const receiver = ctx.text('obj');
	if (method === 'write' || method === 'writeln') {
		return /^(window\.)?document$/.test(receiver);
	}
	if (jqueryMethods.test(method)) {
		return /^(\$|jQuery)\(|^\$\w*$/.test(receiver);
	}
	return true;
}

/** `el.innerHTML = x` → `el.textContent = x`: the value is shown as text, never parsed as markup. */
function textContentFix(match: MatchContext): Fix | undefined {
	const ctx = htmlContext(match);
	const prop = ctx?.captures.get('prop');
	if (!ctx || !prop || prop.text !== 'innerHTML' || ctx.node.type !== 'assignment_expression') {
		return undefined;
	}
	return { title: 'Assign to textContent instead of innerHTML', edits: [{ startIndex: prop.startIndex, endIndex: prop.endIndex, newText: 'textContent' }] };
}

const shared = {
	languages: jsLanguages,
	vulnClass: 'xss',
	cwe: [79],
	owasp: owasp.injection,
	query,
	fix: textContentFix,
} as const;

/** Untrusted data parsed as HTML in the browser. */
export const domXss: Rule = {
	...shared,
	id: 'rampart.js.xss.dom-html',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is written as HTML (innerHTML, document.write, insertAdjacentHTML, jQuery html).',
	help:
		'Assigning URL fragments, query parameters, postMessage data or other untrusted values to `innerHTML`/`outerHTML`, or passing them to `document.write`, `insertAdjacentHTML` or jQuery `.html()`, lets an attacker inject `<img src=x onerror=…>` and run script in your origin (DOM XSS). ' +
		'Use `textContent` or `createElement` + properties for text; if markup is really needed, sanitize it with DOMPurify (`DOMPurify.sanitize(html)`) and consider Trusted Types.',
	check: (match) => {
		const ctx = htmlContext(match);
		return ctx && isHtmlSink(ctx) ? whenTainted(ctx, 'html') : false;
	},
};

/** Computed HTML written into the page without a visible untrusted source. */
export const domXssAudit: Rule = {
	...shared,
	id: 'rampart.js.xss.dom-html-audit',
	severity: 'info',
	precision: 'low',
	message: 'Computed HTML is written into the page; make sure every interpolated value is escaped or sanitized.',
	help: 'HTML assembled from variables and written with innerHTML or similar is a common source of XSS once one of the values comes from a user. Prefer textContent, DOM construction, or a template engine that escapes by default.',
	check: (match) => {
		const ctx = htmlContext(match);
		const html = ctx?.captures.get('html');
		return !!ctx && !!html && isHtmlSink(ctx) && !isLiteral(resolveConst(html)) && !sanitizedText.test(resolveConst(html).text) && !ctx.taint(html);
	},
};
