import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type Rule } from '../../rule';
import { stringValue } from './jsHelpers';
import { assignmentQuery, withCaptures } from './queryText';
import { knownFormat, looksLikeSecret } from './hardcodedSecretFormat';

const namePattern = '[Pp]ass[Ww]|[Pp]asswd|[Pp]wd|PASSW|PWD|[Ss]ecret|SECRET|[Aa]pi[-_]?[Kk]ey|API[-_]?KEY|[Tt]oken|TOKEN|[Cc]redential|CREDENTIAL|[Pp]rivate_?[Kk]ey|PRIVATE_?KEY|[Aa]ccess_?[Kk]ey|ACCESS_?KEY|[Ss]igning_?[Kk]ey|SIGNING_?KEY|[Ee]ncryption_?[Kk]ey|ENCRYPTION_?KEY|[Bb]earer';

const query = `
(variable_declarator
  name: (identifier) @name
  value: [(string) (template_string)] @value
  (#match? @name "${namePattern}")) @finding
` + assignmentQuery(`[\\w$.]*?(?:${namePattern})[\\w$]*`) + `
(pair
  key: [(property_identifier) (string)] @name
  value: [(string) (template_string)] @value
  (#match? @name "${namePattern}")) @finding
`;

/** Names that hold something about a secret rather than the secret itself. */
const notASecret = /(url|uri|endpoint|path|file|dir|name|field|label|type|header|length|regex|pattern|prefix|suffix|param|id|policy|hint|placeholder|message|msg|error|expir\w*|ttl|timeout|count|mode|column|input|selector|route|event|storage|key_?name|format|version|hash|hashed|rounds|strength|min|max|reset|confirm|validator|rule|schema|query|method|algorithm|alg|env|var|location|source|provider|kind|scope|audience|issuer|text|title|description|copy|i18n|class|style|icon)$/i;

/** Whether a variable, property or key name holds a credential (as this rule decides it). */
export function isSecretName(name: string): boolean {
	return new RegExp(namePattern).test(name) && !notASecret.test(name);
}

/** A high-entropy literal assigned to a password, secret, API key or token. */
export const hardcodedSecretAssignment: Rule = {
	languages: jsLanguages,
	vulnClass: 'hardcoded-secret',
	cwe: [798, 259],
	owasp: owasp.auth,
	id: 'rampart.js.hardcoded-secret.assignment',
	severity: 'warning',
	precision: 'medium',
	message: 'A password, secret, API key or token is hard-coded as a string literal.',
	help:
		'A credential written into the source travels with every copy of the code: repository history, forks, CI logs and, for front-end code, every user\'s browser. It cannot be rotated without a release and is usually shared between environments. ' +
		'Read it from the environment or a secret manager at start-up (`const apiKey = process.env.PAYMENTS_API_KEY`) and fail fast when it is missing; rotate any value that was committed.',
	query,
	check: (match) => {
		const left = match.node.childForFieldName('left');
		const ctx =
			match.node.type === 'assignment_expression'
				? withCaptures(match, { name: left?.type === 'member_expression' ? (left.childForFieldName('property') ?? undefined) : (left ?? undefined), value: match.node.childForFieldName('right') ?? undefined })
				: match;
		const name = ctx.text('name').replace(/^['"]|['"]$/g, '');
		const value = stringValue(ctx.captures.get('value') as Node);
		return value !== undefined && !notASecret.test(name) && looksLikeSecret(value) && !knownFormat(value);
	},
};
