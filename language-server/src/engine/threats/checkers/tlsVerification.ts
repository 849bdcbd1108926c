import type { CheckerSpec } from '../patterns';

/** CWE-295: outbound TLS connections keep certificate verification on. */
export const tlsVerification: CheckerSpec = {
	kind: 'tls-verification',
	title: 'TLS certificate verification kept on',
	cwes: [295, 297],
	keywords: /tls|ssl|certificate|verify=|reject ?unauthori[sz]ed/i,
	javascript: {
		violations: [
			{ describe: 'rejectUnauthorized: false', call: /.*/, pair: { key: /^rejectUnauthorized$/, type: /^false$/ }, scopes: ['function', 'helper', 'module'] },
			{ describe: 'NODE_TLS_REJECT_UNAUTHORIZED disabled', assign: /NODE_TLS_REJECT_UNAUTHORIZED/, value: { literal: /^0$/ }, scopes: ['function', 'helper', 'module'] },
		],
		evidence: [
			{ describe: 'TLS request with default verification', call: /^(https\.(request|get)|fetch|axios(\.\w+)?|got(\.\w+)?|tls\.connect|undici\.request|request)$/ },
		],
	},
	python: {
		violations: [
			{ describe: 'verify=False', call: /.*/, pair: { key: /^verify$/, type: /^false$/ }, scopes: ['function', 'helper', 'module'] },
			{ describe: 'unverified SSL context', call: /^ssl\._create_unverified_context$/, scopes: ['function', 'helper', 'module'] },
			{ describe: 'certificate check turned off', member: /(CERT_NONE|check_hostname)$/, scopes: ['function', 'helper'] },
		],
		evidence: [
			{ describe: 'TLS request with default verification', call: /^(requests|httpx|session|client|self\.session|urllib\.request)\.(get|post|put|patch|delete|request|urlopen)$|^(urlopen|ssl\.create_default_context)$/ },
		],
	},
};
