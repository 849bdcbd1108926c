import { owasp, pyLanguages, type Rule } from '../../rule';
import { calleeName } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list (keyword_argument name: (identifier) @kw value: (false)))
  (#any-of? @fn "Environment" "Template" "SandboxedEnvironment")
  (#eq? @kw "autoescape")) @finding
(assignment
  left: (attribute object: (_) @object attribute: (identifier) @kw)
  right: (false)
  (#eq? @kw "autoescape")) @finding
`;

/** Jinja2 environments that render HTML without escaping. */
export const pyAutoescapeOff: Rule = {
	languages: pyLanguages,
	vulnClass: 'xss',
	cwe: [79, 116],
	owasp: owasp.injection,
	id: 'rampart.py.xss.autoescape-disabled',
	severity: 'warning',
	precision: 'medium',
	message: 'Jinja2 autoescaping is switched off; every variable printed by these templates is raw HTML.',
	help:
		'With `autoescape=False` (also Jinja2\'s default for a bare `Environment()`) every `{{ value }}` is inserted into the page as markup, ' +
		'so any user-controlled value becomes an XSS. Use `Environment(autoescape=select_autoescape(["html", "xml"]))` or `autoescape=True`, ' +
		'and mark the few trusted fragments with `Markup`. Keep `autoescape=False` only for environments that render non-HTML text (emails in ' +
		'plain text, config files); Rampart reports this at medium precision for that reason.',
	query,
	check: (ctx) => {
		if (ctx.node.type === 'assignment') {
			// `app.jinja_env.autoescape = False` (Flask) or `env.autoescape = False`.
			return /jinja|env/i.test(ctx.text('object'));
		}
		const name = calleeName(ctx, ctx.node);
		return name.startsWith('jinja2.') || name.startsWith('flask.');
	},
};

