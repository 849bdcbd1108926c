// oversized_body: a 2 MiB body must be refused (4xx, typically 413), not accepted or crash the server.
import { judgeRobustness, type Probe, sendsBody } from './probeTypes';

export const OVERSIZED_BYTES = 2 * 1024 * 1024;

export const oversizedBodyProbe: Probe = {
	kind: 'oversized_body',
	requests(endpoint, nextId) {
		if (!sendsBody(endpoint.method)) {
			return [];
		}
		return [{ id: nextId(), kind: 'oversized_body', method: endpoint.method, path: endpoint.path, headers: { 'content-type': 'application/json' }, repeatBytes: OVERSIZED_BYTES, attempt: `a ${OVERSIZED_BYTES}-byte body` }];
	},
	judge(_request, observation) {
		const broken = judgeRobustness(observation);
		if (broken) {
			return broken;
		}
		const status = observation.status ?? 0;
		return status >= 400 ? { passed: true, reason: `refused with ${status}` } : { passed: false, reason: `accepted a ${OVERSIZED_BYTES}-byte body with ${status}: no request size limit` };
	},
};
