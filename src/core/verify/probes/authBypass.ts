// auth: an endpoint the threat model marks as authenticated must refuse a request with no
// credentials and one with a forged token (unsigned "alg: none" JWT, made-up session cookie).
import { judgeRobustness, type Probe, type ProbeRequest } from './probeTypes';

const FORGED_JWT = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.';

export const authProbe: Probe = {
	kind: 'auth',
	requests(endpoint, nextId): ProbeRequest[] {
		if (endpoint.exposure !== 'authenticated') {
			return [];
		}
		return [
			{ id: nextId(), kind: 'auth', method: endpoint.method, path: endpoint.path, headers: {}, attempt: 'no credentials' },
			{ id: nextId(), kind: 'auth', method: endpoint.method, path: endpoint.path, headers: { authorization: `Bearer ${FORGED_JWT}` }, attempt: 'forged unsigned JWT (alg none, role admin)' },
			{ id: nextId(), kind: 'auth', method: endpoint.method, path: endpoint.path, headers: { cookie: 'session=admin; sid=00000000' }, attempt: 'made-up session cookie' },
		];
	},
	judge(_request, observation) {
		const broken = judgeRobustness(observation);
		if (broken) {
			return broken;
		}
		const status = observation.status ?? 0;
		return status === 401 || status === 403 || status === 404 || (status >= 300 && status < 400)
			? { passed: true, reason: `refused with ${status}` }
			: { passed: false, reason: `answered ${status} without valid credentials` };
	},
};
