import type { CheckerSpec } from '../patterns';

/** CWE-287/306/862: authentication middleware on the route, a decorator, or a check in the handler. */
export const authentication: CheckerSpec = {
	kind: 'authentication',
	title: 'authentication on the route',
	cwes: [287, 306, 862, 863, 285],
	keywords: /auth|login required|logged in|access control|session check/i,
	javascript: {
		evidence: [
			{
				describe: 'authentication middleware',
				call: /^(requireAuth\w*|ensureAuth\w*|ensureLoggedIn|isAuthenticated|isLoggedIn|authenticate\w*|authMiddleware|requireLogin|requireUser|verifyToken|verifyJwt|checkJwt|authorize\w*|auth|jwtAuth|passport\.authenticate|expressjwt|jwt|requiresAuth)$/,
				scopes: ['middleware', 'helper'],
			},
			{ describe: 'authentication check', call: /(\.isAuthenticated|^jwt\.verify|\.verifyIdToken|^requireAuth\w*|^verifyToken)$/, scopes: ['function', 'helper'] },
		],
	},
	python: {
		evidence: [
			{ describe: 'authentication decorator', decorator: /(^|\.)(login_required|jwt_required|permission_required|requires_auth|auth_required|roles_required|user_passes_test|authenticated)\b/, scopes: ['middleware'] },
			{ describe: 'authenticated-user dependency', call: /^(Depends|Security)$/, anyArg: { text: /(current_user|auth|verify_token|get_user)/i } },
			{ describe: 'authentication check', member: /\.is_authenticated$/ },
			{ describe: 'authentication check', call: /(^|\.)(verify_jwt_in_request|get_current_user|authenticate|decode_token)$/, scopes: ['function', 'helper'] },
		],
	},
};
