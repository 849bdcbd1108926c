import type { CheckerSpec } from '../patterns';

/** CWE-307: rate limiting (or lock-out) on authentication routes. */
export const rateLimit: CheckerSpec = {
	kind: 'rate-limit',
	title: 'rate limiting',
	cwes: [307, 799],
	keywords: /rate[- ]?limit|throttl|brute[- ]?force|lock-?out|too many attempts/i,
	javascript: {
		evidence: [
			{ describe: 'rate-limiting middleware', call: /^(rateLimit|rateLimiter|\w*[lL]imiter|slowDown|throttle|bruteforce\.prevent|expressBrute)$/, scopes: ['middleware'] },
			{ describe: 'rate limiter consumed', call: /(^|\.)(consume|checkRateLimit|limit)$/, scopes: ['function', 'helper'] },
		],
	},
	python: {
		evidence: [
			{ describe: 'rate-limit decorator', decorator: /(limiter\.limit|ratelimit|rate_limit|throttle)/i, scopes: ['middleware'] },
			{ describe: 'rate limiter for the app', call: /^Limiter$/, pair: { key: /^default_limits$/ }, scopes: ['module'] },
			{ describe: 'rate limiter checked', call: /(^|\.)(hit|consume|check_rate_limit|is_rate_limited)$/, scopes: ['function', 'helper'] },
		],
	},
};
