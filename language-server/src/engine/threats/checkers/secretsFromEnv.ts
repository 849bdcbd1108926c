import type { CheckerSpec } from '../patterns';

/** A parameter or a field of one (`secret`, `config.jwtSecret`); module constants (`SECRET_KEY`) are judged where they are set. */
const callerValue = /^[a-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

const secretName = /(secret|passw(or)?d|passwd|api_?key|apikey|token|private_?key|credential)/i;

/** CWE-798: secrets come from the environment or a secret store, never from literals in code. */
export const secretsFromEnv: CheckerSpec = {
	kind: 'secrets-from-env',
	title: 'secrets from the environment or a secret store',
	cwes: [798, 259, 321, 522],
	keywords: /secret|credential|hard-?coded|environment variable|key vault|secret manager/i,
	javascript: {
		violations: [
			{ describe: 'secret written in the code', assign: secretName, value: { literal: /^.{6,}$/ }, scopes: ['function', 'helper', 'module'] },
			{ describe: 'literal signing key', call: /^(jwt\.(sign|verify)|crypto\.createHmac|createHmac)$/, arg: { index: 1, literal: /.+/ } },
		],
		evidence: [
			{ describe: 'secret read from the environment', member: /^process\.env\b/, scopes: ['function', 'helper', 'module'] },
			{ describe: 'secret store', call: /(getSecret\w*|getSecretValue|accessSecretVersion|vault\.read|GetSecretValueCommand)$/, scopes: ['function', 'helper', 'module'] },
			{ describe: 'signing key supplied by the caller, not written in the code', call: /^(jwt\.(sign|verify)|crypto\.createHmac|createHmac)$/, arg: { index: 1, type: /^(identifier|member_expression)$/, text: callerValue }, scopes: ['function', 'helper'] },
		],
	},
	python: {
		violations: [
			{ describe: 'secret written in the code', assign: secretName, value: { literal: /^.{6,}$/ }, scopes: ['function', 'helper', 'module'] },
			{ describe: 'literal signing key', call: /^jwt\.(encode|decode)$/, arg: { index: 1, literal: /.+/ } },
		],
		evidence: [
			{ describe: 'secret read from the environment', member: /^os\.environ\b/, scopes: ['function', 'helper', 'module'] },
			{ describe: 'secret read from the environment', call: /^(os\.getenv|os\.environ\.get|getenv|config)$/, scopes: ['function', 'helper', 'module'] },
			{ describe: 'secret store', call: /(get_secret\w*|access_secret_version|get_secret_value|secrets\.get|hvac\.\w+)$/i, scopes: ['function', 'helper', 'module'] },
			{ describe: 'signing key supplied by the caller, not written in the code', call: /^jwt\.(encode|decode)$/, arg: { index: 1, type: /^(identifier|attribute)$/, text: callerValue }, scopes: ['function', 'helper'] },
			{ describe: 'signing key supplied by the caller, not written in the code', call: /^hmac\.new$/, arg: { index: 0, type: /^(identifier|attribute)$/, text: callerValue }, scopes: ['function', 'helper'] },
		],
	},
};
