import { jsLanguages, owasp, type Rule } from '../../rule';
import { stringValue } from './jsHelpers';
import { assignmentQuery } from './queryText';

const query = `
` + assignmentQuery(`[^=;{}]*?NODE_TLS_REJECT_UNAUTHORIZED['"\\]]*`) + `
(pair
  key: [(property_identifier) (string)] @var
  value: (_) @value
  (#match? @var "^['\\"]?NODE_TLS_REJECT_UNAUTHORIZED['\\"]?$")) @finding
`;

/** NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks for the whole process. */
export const tlsEnvDisabled: Rule = {
	languages: jsLanguages,
	vulnClass: 'tls-verification',
	cwe: [295],
	owasp: owasp.crypto,
	id: 'rampart.js.tls-verification.node-tls-env',
	severity: 'error',
	precision: 'high',
	message: "NODE_TLS_REJECT_UNAUTHORIZED is set to '0': every TLS connection of the process skips certificate checks.",
	help:
		'Setting `process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"` (or passing it in a child process environment) disables certificate verification globally, for every library and every host, usually long after the one debugging session it was meant for. ' +
		'Remove it. Trust a private CA with `NODE_EXTRA_CA_CERTS=/path/ca.pem` or the `ca` option of the one client that needs it.',
	query,
	check: (ctx) => {
		const value = ctx.node.type === 'assignment_expression' ? ctx.node.childForFieldName('right') : ctx.captures.get('value');
		return !!value && (stringValue(value) === '0' || value.text === '0' || stringValue(value) === 'false');
	},
};
