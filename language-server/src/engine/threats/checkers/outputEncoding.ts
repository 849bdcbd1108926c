import type { CheckerSpec } from '../patterns';

const html = /<\s*[a-zA-Z!/]/;
const jsEscape = /(escape|encode|sanitize|purify|xss|textContent)/i;
const pyEscape = /(escape|bleach\.clean|sanitize|quote)/i;

/** CWE-79: output encoding or an auto-escaping template, and no HTML built from raw input. */
export const outputEncoding: CheckerSpec = {
	kind: 'output-encoding',
	title: 'output encoding or auto-escaping templates',
	cwes: [79, 80, 116],
	keywords: /escap|encod|xss|sanitiz|auto-?escap/i,
	javascript: {
		violations: [
			{ describe: 'HTML built from unescaped values', call: /(^|\.)(send|write|end|html)$/, anyArg: { dynamic: html, safe: jsEscape } },
			{ describe: 'innerHTML assigned a computed value', assign: /\.(innerHTML|outerHTML)$/, value: { type: /^(?!string$)/ } },
			{ describe: 'dangerouslySetInnerHTML', assign: /^dangerouslySetInnerHTML$/ },
		],
		evidence: [
			{ describe: 'HTML escaping', call: /(^|\.)(escapeHtml|escape|encode|encodeHTML|htmlEncode|sanitize|sanitizeHtml|xss|filterXSS|encodeForHTML)$/ },
			{ describe: 'auto-escaping template render', call: /^(res|response|reply)\.(render|view)$/ },
			{ describe: 'JSON response (not HTML)', call: /^(res|response|reply)\.json$/ },
			{ describe: 'text set with textContent', assign: /\.(textContent|innerText)$/ },
		],
	},
	python: {
		violations: [
			{ describe: 'HTML built from unescaped values', call: /(^|\.)(make_response|Response|HttpResponse|HTMLResponse|render_template_string|Markup|mark_safe)$/, anyArg: { dynamic: /.*/s, safe: pyEscape } },
			{ describe: 'HTML built from unescaped values', returns: { dynamic: html, safe: pyEscape } },
		],
		evidence: [
			{ describe: 'auto-escaping template render', call: /(^|\.)(render_template|render|TemplateResponse)$/ },
			{ describe: 'HTML escaping', call: /(^|\.)(escape|bleach\.clean|clean|conditional_escape|format_html)$/ },
			{ describe: 'JSON response (not HTML)', call: /(^|\.)(jsonify|JsonResponse|JSONResponse)$/ },
		],
	},
};
