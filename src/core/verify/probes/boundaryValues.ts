// boundary_values: numbers and strings at and past their limits in every parameter must get an
// answer, never a crash or a server error.
import { judgeRobustness, type Probe, queryNames, sendsBody, withQuery } from './probeTypes';

const VALUES: readonly unknown[] = [-1, 0, 2 ** 53, -(2 ** 63), 1e308, 'NaN', '', 'x'.repeat(10_000), null, [], {}];

export const boundaryValuesProbe: Probe = {
	kind: 'boundary_values',
	requests(endpoint, nextId) {
		const base = endpoint.path.split('?')[0] ?? endpoint.path;
		const names = queryNames(endpoint.path);
		return VALUES.flatMap((value) => [
			...(typeof value === 'object' ? [] : names.map((name) => ({ id: nextId(), kind: 'boundary_values' as const, method: endpoint.method, path: withQuery(base, name, String(value)), headers: {}, attempt: `${name}=${String(value).slice(0, 40)}` }))),
			...(sendsBody(endpoint.method)
				? [{ id: nextId(), kind: 'boundary_values' as const, method: endpoint.method, path: endpoint.path, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: value, name: value, count: value }), attempt: `JSON fields = ${JSON.stringify(value).slice(0, 40)}` }]
				: []),
		]);
	},
	judge(_request, observation) {
		return judgeRobustness(observation) ?? { passed: true, reason: `answered ${observation.status}` };
	},
};
