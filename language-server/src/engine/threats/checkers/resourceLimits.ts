import type { CheckerSpec } from '../patterns';

/** CWE-400: request bodies have a size limit and slow operations a timeout. */
export const resourceLimits: CheckerSpec = {
	kind: 'resource-limits',
	title: 'body-size limits and timeouts',
	cwes: [400, 770, 1333],
	keywords: /body[- ]?size|size limit|timeout|resource exhaustion|denial of service|dos\b|max_content_length/i,
	javascript: {
		evidence: [
			{ describe: 'body-size limit', call: /^(express\.(json|urlencoded|raw|text)|bodyParser\.(json|urlencoded|raw|text)|json|urlencoded|raw|text)$/, pair: { key: /^limit$/ }, scopes: ['middleware', 'module', 'function'] },
			{ describe: 'timeout', call: /.*/, pair: { key: /^(timeout|signal|requestTimeout|headersTimeout)$/ } },
			{ describe: 'timeout', call: /(AbortSignal\.timeout|\.setTimeout|^timeout)$/, scopes: ['function', 'helper', 'middleware', 'module'] },
			{ describe: 'timeout', assign: /\.(timeout|requestTimeout|headersTimeout)$/, scopes: ['function', 'helper', 'module'] },
		],
	},
	python: {
		violations: [{ describe: 'HTTP call without a timeout', call: /^(requests|httpx)\.(get|post|put|patch|delete|request|head)$/, lacksPair: /^timeout$/ }],
		evidence: [
			{ describe: 'body-size limit', assign: /MAX_CONTENT_LENGTH|DATA_UPLOAD_MAX_MEMORY_SIZE|client_max_size/, scopes: ['module', 'function'] },
			{ describe: 'timeout', call: /.*/, pair: { key: /^(timeout|client_max_size|max_size)$/ } },
			{ describe: 'request body read with a limit', call: /\.(read|stream)$/, minArgs: 1 },
		],
	},
};
