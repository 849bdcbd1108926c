// injection: SQL and shell metacharacter strings in every query parameter and JSON field must come
// back as data — no database error text, no command output, no server error.
import { judgeRobustness, leak, type Probe, queryNames, sendsBody, withQuery } from './probeTypes';

export const INJECTION_STRINGS = ["' OR '1'='1", "1; DROP TABLE users--", '"; cat /etc/passwd; echo "', '$(id)', '`id`', '| id'];

export const injectionProbe: Probe = {
	kind: 'injection',
	requests(endpoint, nextId) {
		const base = endpoint.path.split('?')[0] ?? endpoint.path;
		const names = queryNames(endpoint.path);
		const fields = names.length > 0 ? names : ['q', 'name', 'id'];
		return INJECTION_STRINGS.flatMap((s) => [
			...fields.map((name) => ({ id: nextId(), kind: 'injection' as const, method: endpoint.method, path: withQuery(base, name, s), headers: {}, attempt: `${name}=${s}` })),
			...(sendsBody(endpoint.method)
				? [{ id: nextId(), kind: 'injection' as const, method: endpoint.method, path: endpoint.path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.fromEntries(fields.map((f) => [f, s]))), attempt: `JSON fields ${fields.join(', ')} = ${s}` }]
				: []),
		]);
	},
	judge(_request, observation) {
		const leaked = leak(observation.body);
		if (leaked) {
			return { passed: false, reason: `the response holds ${leaked}` };
		}
		return judgeRobustness(observation) ?? { passed: true, reason: `answered ${observation.status} without injected effect` };
	},
};
