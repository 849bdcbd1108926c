// malformed_json: truncated and wrongly typed JSON bodies must get a 4xx, not a crash or a 500.
import { judgeRobustness, type Probe, sendsBody } from './probeTypes';

const BODIES = ['{"name": ', '{"name": "a"', '[1, 2', 'null', '"just a string"', '{"__proto__": {"admin": true}}'];

export const malformedJsonProbe: Probe = {
	kind: 'malformed_json',
	requests(endpoint, nextId) {
		if (!sendsBody(endpoint.method)) {
			return [];
		}
		return BODIES.map((body) => ({ id: nextId(), kind: 'malformed_json' as const, method: endpoint.method, path: endpoint.path, headers: { 'content-type': 'application/json' }, body, attempt: `malformed JSON body ${JSON.stringify(body)}` }));
	},
	judge(_request, observation) {
		return judgeRobustness(observation) ?? { passed: true, reason: `answered ${observation.status}` };
	},
};
