import type { Node } from 'web-tree-sitter';
import { owasp, pyLanguages, type Rule } from '../../rule';
import { entropy, stringValue } from './pyHelpers';
import { knownSecretFormat } from './secretFormats';

/** Narrow in the query: names that end like a credential (case variants spelt out; JS regexes have no inline flags). */
const nameHint = '([Pp]ass(word|wd)?|PASS(WORD|WD)?|[Pp]wd|PWD|[Ss]ecret|SECRET|[Tt]oken|TOKEN|[Kk]ey|KEY|[Cc]redentials?|CREDENTIALS?)$';

const query = `
(assignment
  left: [(identifier) @name (attribute attribute: (identifier) @name)]
  right: (string) @value
  (#match? @name "${nameHint}")) @finding
(keyword_argument
  name: (identifier) @name
  value: (string) @value
  (#match? @name "${nameHint}")) @finding
(pair
  key: (string (string_content) @name)
  value: (string) @value
  (#match? @name "${nameHint}")) @finding
(default_parameter
  name: (identifier) @name
  value: (string) @value
  (#match? @name "${nameHint}")) @finding
`;

const passwordName = /(^|_|[a-z])(pass(word|wd)?|pwd)$/i;
const secretName = /(^|_|[a-z])(secret|token|(api|private|access|secret|auth|signing|encryption|master|client|app|account|service|webhook|license)_?key|credentials?)$/i;
const notSecretName = /(public|publishable|primary|foreign|sort|cache|lookup|partition|dict|hash|idempotency|field|header|cookie|param|input|query)_?(key|token)$|^(token|key)$/i;

/** Template markers, environment references, obvious dummies and prose. */
const placeholder =
	/^(changeme|change[-_ ]?me|change[-_ ]?it|password\d*|secret|passwd|pass|admin|root|test|testing|dummy|example|sample|default|none|null|nil|undefined|todo|tbd|fixme|redacted|placeholder|xxx+|\*+|\.+|-+)$|your[-_ ]|<[^>]*>|\$\{|\{\{|%\(|\{[a-z_]*\}|example|placeholder|changeme|xxxx|\*\*\*|^(env|vault|secret|ssm|arn|projects)[:/]/i;

function isSecretLiteral(name: string, value: Node): boolean {
	const text = stringValue(value);
	// Known formats are reported by rampart.py.hardcoded-secret.known-format, with a better message.
	if (text === undefined || /\s/.test(text) || placeholder.test(text) || knownSecretFormat(text)) {
		return false;
	}
	if (passwordName.test(name)) {
		return text.length >= 6 && entropy(text) >= 2.5;
	}
	return text.length >= 12 && entropy(text) >= 3;
}

/** A password, secret, API key or token assigned a literal that looks real. */
export const pySecretAssignment: Rule = {
	languages: pyLanguages,
	vulnClass: 'hardcoded-secret',
	cwe: [798, 259],
	owasp: owasp.auth,
	id: 'rampart.py.hardcoded-secret.assignment',
	severity: 'error',
	precision: 'medium',
	message: 'A password, secret or API key is hard-coded in the source.',
	help:
		'A literal assigned to a name such as `password`, `SECRET_KEY`, `api_key` or `auth_token` (also as a keyword argument, dictionary entry ' +
		'or parameter default) is readable by anyone with the code, its history or a built artefact, and it cannot be rotated without a release. ' +
		'Read it at run time instead: `os.environ["DB_PASSWORD"]`, `os.getenv("API_KEY")`, a `.env` file excluded from version control, or a ' +
		'secret manager. For Django, load `SECRET_KEY` from the environment and keep `django-insecure-` keys out of production. ' +
		'Empty strings, placeholders (`changeme`, `<token>`, `your-api-key`), template markers and low-entropy words are not reported.',
	query,
	check: (ctx) => {
		const name = ctx.text('name');
		const value = ctx.captures.get('value');
		if (!value || notSecretName.test(name) || (!passwordName.test(name) && !secretName.test(name))) {
			return false;
		}
		return isSecretLiteral(name, value) ? { node: value } : false;
	},
};
