import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { assignmentQuery, withCaptures } from './queryText';

const query = `
(pair
  key: [(property_identifier) (string)] @key
  value: [(false) (number) (string) (unary_expression) (null)] @value
  (#match? @key "^['\\"]?(rejectUnauthorized|strictSSL|verifySSL|sslVerify)['\\"]?$")) @finding
` + assignmentQuery('[^=;{}]*?[.](?:rejectUnauthorized|strictSSL)') + `
(pair
  key: [(property_identifier) (string)] @key
  value: [(arrow_function) (function_expression)] @value
  (#match? @key "^['\\"]?checkServerIdentity['\\"]?$")) @finding
`;

function isFalsy(value: Node): boolean {
	return /^(false|0|null|!1|'false'|"false"|'0'|"0")$/.test(value.text.replace(/\s+/g, ''));
}

/** `() => undefined`, `() => {}`, `function () { return; }`: accepts every certificate. */
function acceptsAnyHost(fn: Node): boolean {
	const body = fn.childForFieldName('body');
	if (!body) {
		return false;
	}
	if (body.type !== 'statement_block') {
		return /^(undefined|null|void 0)$/.test(body.text);
	}
	return /^\{\s*(return\s*(undefined|null)?\s*;?)?\s*\}$/.test(body.text);
}

/** Captures `key` and `value` for assignments too (`agent.options.rejectUnauthorized = false`). */
function tlsContext(match: MatchContext): MatchContext {
	if (match.node.type !== 'assignment_expression') {
		return match;
	}
	const key = match.node.childForFieldName('left')?.childForFieldName('property') ?? undefined;
	const value = match.node.childForFieldName('right') ?? undefined;
	return withCaptures(match, { key, value: value && /^(false|number|string|unary_expression|null)$/.test(value.type) ? value : undefined });
}

function check(match: MatchContext): CheckResult {
	const ctx = tlsContext(match);
	const value = ctx.captures.get('value');
	if (!value) {
		return false;
	}
	if (/checkServerIdentity/.test(ctx.text('key'))) {
		return acceptsAnyHost(value) ? { message: 'checkServerIdentity accepts every certificate host name; TLS no longer authenticates the server.' } : false;
	}
	return isFalsy(value);
}

function fix(match: MatchContext): Fix | undefined {
	const ctx = tlsContext(match);
	const value = ctx.captures.get('value');
	if (!value || /checkServerIdentity/.test(ctx.text('key')) || !isFalsy(value)) {
		return undefined;
	}
	return { title: 'Verify TLS certificates', edits: [{ startIndex: value.startIndex, endIndex: value.endIndex, newText: 'true' }] };
}

/** Certificate verification turned off for an HTTPS/TLS client. */
export const tlsRejectUnauthorized: Rule = {
	languages: jsLanguages,
	vulnClass: 'tls-verification',
	cwe: [295],
	owasp: owasp.crypto,
	id: 'rampart.js.tls-verification.disabled',
	severity: 'error',
	precision: 'high',
	message: 'TLS certificate verification is disabled (rejectUnauthorized: false / strictSSL: false).',
	help:
		'Without certificate verification anyone on the network path (public Wi-Fi, a compromised router, a cloud neighbour) can impersonate the server and read or change the traffic, including credentials and tokens. ' +
		'Keep `rejectUnauthorized: true` (the default). For self-signed or private CAs pass the CA certificate instead (`ca: fs.readFileSync("ca.pem")` or `NODE_EXTRA_CA_CERTS`), and pin it if needed.',
	query,
	check,
	fix,
};
