import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { calleeName, calleeObject, firstArgument, resolveLocal } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list . (_))
  (#any-of? @fn "render_template_string" "Template" "from_string")) @finding
`;

/** Template engines whose template source is code: Jinja2 (Flask), Django, Mako. `string.Template` only substitutes and is not one. */
const templateCompilers = /^(flask\.render_template_string|render_template_string|jinja2\.Template|jinja2\.environment\.Template|django\.template\.Template|django\.template\.base\.Template|mako\.template\.Template)$/;

function isTemplateCompiler(ctx: MatchContext): boolean {
	const name = calleeName(ctx, ctx.node);
	if (ctx.text('fn') !== 'from_string') {
		return templateCompilers.test(name);
	}
	const receiver = calleeObject(ctx.node);
	const made = receiver?.type === 'identifier' ? resolveLocal(receiver)?.text : receiver?.text;
	// A SandboxedEnvironment is the recommended way to render user-authored templates.
	if (/sandbox/i.test(`${receiver?.text ?? ''} ${made ?? ''}`)) {
		return false;
	}
	return name.startsWith('jinja2.') || /env|jinja/i.test(receiver?.text ?? '') || /Environment\(/.test(made ?? '');
}

/** Server-side template injection: request data used as the template itself. */
export const pyTemplateInjection: Rule = {
	languages: pyLanguages,
	vulnClass: 'code-injection',
	cwe: [1336, 94],
	owasp: owasp.injection,
	id: 'rampart.py.code-injection.template-injection',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is compiled as a server-side template (SSTI); an attacker can run code on the server.',
	help:
		'Jinja2, Django and Mako templates are programs: `{{ cycler.__init__.__globals__.os.popen("id").read() }}` in a Jinja2 template runs a shell command. ' +
		'When request data becomes the template source (`render_template_string(request.args["t"])`, `jinja2.Template(text)`, `env.from_string(text)`) ' +
		'the attacker writes that program. Keep templates constant and pass user data as variables: ' +
		'`render_template_string("<p>Hello {{ name }}</p>", name=name)`, or better `render_template("hello.html", name=name)`. ' +
		'If users must author templates, use a sandboxed environment (`jinja2.sandbox.SandboxedEnvironment`) with a minimal context.',
	query,
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		const taint = arg && isTemplateCompiler(ctx) ? ctx.taint(arg) : undefined;
		return taint ? { taint } : false;
	},
};
