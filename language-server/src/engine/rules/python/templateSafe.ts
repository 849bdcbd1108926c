import type { Node } from 'web-tree-sitter';
import { owasp, pyLanguages, type Rule } from '../../rule';
import { calleeName, firstArgument, keywordNode, resolveLocal, stringValue } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list . [(string) (concatenated_string) (identifier)])
  (#eq? @fn "render_template_string")) @finding
`;

/** `{{ name|safe }}`, `{{ user.bio | safe }}`: the variables a template prints without escaping. */
function unescapedVariables(template: string): { readonly names: Set<string>; readonly all: boolean } {
	const names = new Set<string>();
	for (const m of template.matchAll(/\{\{-?\s*([A-Za-z_]\w*)[^}]*?\|\s*safe\b/g)) {
		names.add(m[1]);
	}
	return { names, all: /\{%-?\s*autoescape\s+(false|False|off)\s*-?%\}/.test(template) };
}

function templateText(node: Node): string | undefined {
	const value = node.type === 'identifier' ? resolveLocal(node) : node;
	return stringValue(value ?? undefined);
}

/** Request data rendered through `|safe` or inside `{% autoescape false %}` in an inline Jinja2 template. */
export const pyTemplateSafe: Rule = {
	languages: pyLanguages,
	vulnClass: 'xss',
	cwe: [79],
	owasp: owasp.injection,
	id: 'rampart.py.xss.template-safe',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is rendered with |safe (or with autoescape off) and reaches the page unescaped.',
	help:
		'Jinja2 escapes `{{ value }}` in HTML templates, but the `|safe` filter and `{% autoescape false %}` turn that off for the value. ' +
		'When the value comes from the request, the attacker controls raw HTML in the page (reflected or stored XSS). ' +
		'Remove `|safe` for user data and let autoescaping work; if users may submit rich text, sanitise it with an HTML sanitiser ' +
		'(bleach, nh3) before marking it safe.',
	query,
	check: (ctx) => {
		if (!/^(flask\.)?render_template_string$/.test(calleeName(ctx, ctx.node))) {
			return false;
		}
		const first = firstArgument(ctx.node);
		const template = first ? templateText(first) : undefined;
		if (template === undefined) {
			return false;
		}
		const { names, all } = unescapedVariables(template);
		for (const argument of ctx.node.childForFieldName('arguments')?.namedChildren ?? []) {
			if (argument?.type !== 'keyword_argument' && argument?.type !== 'dictionary_splat') {
				continue;
			}
			const name = argument.type === 'keyword_argument' ? (argument.childForFieldName('name')?.text ?? '') : '';
			if (!all && !names.has(name) && !(argument.type === 'dictionary_splat' && names.size > 0)) {
				continue;
			}
			const trace = ctx.taint(argument);
			if (trace) {
				return { taint: trace, node: keywordNode(ctx.node, name) ?? ctx.node };
			}
		}
		return false;
	},
};
