// path_traversal: `../` sequences in the path and in every query parameter must not reach files
// outside the served folder.
import { judgeRobustness, leak, type Probe, queryNames, withQuery } from './probeTypes';

const STRINGS = ['../../../../../../etc/passwd', '..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd', '....//....//....//....//etc/passwd', '/etc/passwd'];

export const pathTraversalProbe: Probe = {
	kind: 'path_traversal',
	requests(endpoint, nextId) {
		const base = endpoint.path.split('?')[0] ?? endpoint.path;
		const names = queryNames(endpoint.path);
		const requests = STRINGS.flatMap((s) => [
			...names.map((name) => ({ id: nextId(), kind: 'path_traversal' as const, method: endpoint.method, path: withQuery(base, name, s), headers: {}, attempt: `${name}=${s}` })),
			{ id: nextId(), kind: 'path_traversal' as const, method: endpoint.method, path: `${base.replace(/\/$/, '')}/${s}`, headers: {}, attempt: `path suffix ${s}` },
		]);
		return requests;
	},
	judge(_request, observation) {
		const leaked = leak(observation.body);
		if (leaked) {
			return { passed: false, reason: `the response holds ${leaked}` };
		}
		return judgeRobustness(observation) ?? { passed: true, reason: `answered ${observation.status} without file content` };
	},
};
