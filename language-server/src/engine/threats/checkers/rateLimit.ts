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
			{ describe: 'attempts refused with 429 Too Many Requests', call: /(^|\.)(status|sendStatus|writeHead)$/, arg: { index: 0, text: /^429$/ }, scopes: ['function', 'helper'] },
		],
	},
	python: {
		evidence: [
			{ describe: 'rate-limit decorator', decorator: /(limiter\.limit|ratelimit|rate_limit|throttle)/i, scopes: ['middleware'] },
			{ describe: 'rate limiter for the app', call: /^Limiter$/, pair: { key: /^default_limits$/ }, scopes: ['module'] },
			{ describe: 'rate limiter checked', call: /(^|\.)(hit|consume|check_rate_limit|is_rate_limited)$/, scopes: ['function', 'helper'] },
			{ describe: 'attempts refused with 429 Too Many Requests', call: /(^|\.)abort$/, arg: { index: 0, text: /^429$/ }, scopes: ['function', 'helper'] },
			{ describe: 'attempts refused with 429 Too Many Requests', call: /HTTPException$/, pair: { key: /^status_code$/, text: /^429$/ }, scopes: ['function', 'helper'] },
		],
	},
};
