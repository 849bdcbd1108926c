import type { CheckerSpec } from '../patterns';

/** CWE-352: CSRF middleware on the route or app, or a token check in the handler. */
export const csrf: CheckerSpec = {
	kind: 'csrf',
	title: 'CSRF protection',
	cwes: [352],
	keywords: /csrf|xsrf|cross-site request forgery|anti-forgery/i,
	javascript: {
		evidence: [
			{ describe: 'CSRF middleware', call: /^(csurf|csrf|csrfProtection|csrfProtect|lusca\.csrf|doubleCsrfProtection|doubleCsrf|csrfSync|csrfSynchronisedProtection|verifyCsrf\w*)$/, scopes: ['middleware'] },
			{ describe: 'CSRF token check', call: /(\.csrfToken|^verifyCsrf\w*|^validateCsrf\w*|^tokens\.verify)$/, scopes: ['function', 'helper'] },
		],
	},
	python: {
		violations: [{ describe: '@csrf_exempt', decorator: /(^|\.)csrf_exempt$/, scopes: ['middleware'] }],
		evidence: [
			{ describe: 'CSRF protection for the app', call: /^(CSRFProtect|csrf\.init_app|\w+\.init_app)$/, scopes: ['module'] },
			{ describe: 'CSRF decorator', decorator: /(^|\.)(csrf_protect|requires_csrf_token)$/, scopes: ['middleware'] },
			{ describe: 'CSRF token check', call: /(^|\.)(validate_csrf|validate_on_submit|protect)$/, scopes: ['function', 'helper'] },
		],
	},
};
