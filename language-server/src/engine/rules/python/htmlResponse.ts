import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { argumentOf, calleeName, enclosingFunction, importsModule, isStringBuilding, keywordValue, resolveLocal, stringValue } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list)
  (#any-of? @fn "HttpResponse" "HTMLResponse" "make_response" "Response")) @finding
(return_statement [(string) (binary_operator) (call) (identifier) (expression_list)]) @finding
`;

/** Response constructors whose default content type is text/html. */
const htmlByDefault = /^(django\.http\.HttpResponse|django\.http\.response\.HttpResponse|flask\.make_response|flask\.Response|werkzeug\.wrappers\.Response|fastapi\.responses\.HTMLResponse|starlette\.responses\.HTMLResponse)$/;
const routeDecorator = /\.(route|get|post|put|patch|delete)\s*\(/;

/** The body of a response constructor whose content type is (or defaults to) HTML. */
function htmlBody(ctx: MatchContext): Node | undefined {
	const call = ctx.node;
	if (!htmlByDefault.test(calleeName(ctx, call))) {
		return undefined;
	}
	const type = keywordValue(call, 'content_type') ?? keywordValue(call, 'mimetype') ?? keywordValue(call, 'media_type');
	if (type) {
		const value = stringValue(type);
		if (value === undefined || !/html/i.test(value)) {
			return undefined;
		}
	}
	const body = argumentOf(call, 0, 'content') ?? keywordValue(call, 'response');
	return body && isTextValue(body) ? body : undefined;
}

/**
 * Could the value be a plain string of markup? Templates (`render_template`), `jsonify` and other calls
 * produce escaped or non-HTML output and do not count; request fields and built strings do.
 */
function isTextValue(node: Node, depth = 0): boolean {
	switch (node.type) {
		case 'string':
		case 'concatenated_string':
		case 'binary_operator':
		case 'subscript':
		case 'attribute':
			return true;
		case 'call': {
			const callee = node.childForFieldName('function')?.text ?? '';
			return isStringBuilding(node) || callee === 'str' || /^request\.(args|form|values|cookies|headers|get_data)\b/.test(callee);
		}
		case 'identifier': {
			const assigned = depth < 3 ? resolveLocal(node) : undefined;
			return !assigned || isTextValue(assigned, depth + 1);
		}
		default:
			return false;
	}
}

/** A string returned from a Flask view is sent as text/html; only strings count (dicts become JSON, calls are templates). */
function returnedString(ctx: MatchContext): Node | undefined {
	const returned = ctx.node.firstNamedChild ?? undefined;
	const value = returned?.type === 'expression_list' ? (returned.firstNamedChild ?? undefined) : returned;
	const fn = enclosingFunction(ctx.node);
	const decorated = fn?.parent?.type === 'decorated_definition' ? fn.parent : undefined;
	if (!value || !decorated || !importsModule(ctx, 'flask')) {
		return undefined;
	}
	if (!decorated.namedChildren.some((d) => d?.type === 'decorator' && routeDecorator.test(d.text))) {
		return undefined;
	}
	return isTextValue(value) ? value : undefined;
}

/** Untrusted data written into an HTML response without escaping. */
export const pyHtmlResponse: Rule = {
	languages: pyLanguages,
	vulnClass: 'xss',
	cwe: [79],
	owasp: owasp.injection,
	id: 'rampart.py.xss.response',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is written into an HTML response without escaping.',
	help:
		'A string returned from a Flask view, or passed to Django `HttpResponse`, Flask `make_response`/`Response` or FastAPI `HTMLResponse`, ' +
		'is served as `text/html`. Request data inside it is parsed by the browser as markup, so `<script>` or `onerror=` runs in the victim\'s session. ' +
		'Render a template with autoescaping (`render_template("page.html", name=name)`, Django `render`), escape values explicitly ' +
		'(`markupsafe.escape`, `html.escape`, Django `escape`), or return JSON (`jsonify`) or `text/plain` when the response is not HTML.',
	query,
	check: (ctx) => {
		const body = ctx.node.type === 'call' ? htmlBody(ctx) : returnedString(ctx);
		if (!body) {
			return false;
		}
		const taint = ctx.taint(body);
		return taint ? { taint } : false;
	},
};
