// Adversarial HTTP probes: each kind builds requests against one endpoint and judges what came back.
// A probe fails on a server error (5xx), a crash (the server stops answering), or a response that
// proves the attack worked (leaked file content, command output, SQL error text, access without auth).

export type ProbeKind = 'malformed_json' | 'oversized_body' | 'path_traversal' | 'injection' | 'auth' | 'boundary_values';

export interface Endpoint {
	method: string;
	/** Path with an optional query, e.g. `/files?name=a.txt`. */
	path: string;
	exposure: 'public' | 'authenticated' | 'internal';
	/** The entry interface's name in the threat model, when it came from there. */
	name?: string;
}

export interface ProbeRequest {
	id: string;
	kind: ProbeKind;
	method: string;
	path: string;
	headers: Record<string, string>;
	body?: string;
	/** Send this many bytes of 'A' as the body instead of `body` (kept out of the plan file). */
	repeatBytes?: number;
	/** What the request tries, in words. */
	attempt: string;
}

export interface ProbeObservation {
	id: string;
	status?: number;
	/** Connection or timeout error instead of a response. */
	error?: string;
	body: string;
	durationMs: number;
	/** The server no longer accepted connections after this request. */
	crashed: boolean;
}

export interface ProbeJudgement {
	passed: boolean;
	reason: string;
}

export interface Probe {
	kind: ProbeKind;
	requests(endpoint: Endpoint, nextId: () => string): ProbeRequest[];
	judge(request: ProbeRequest, observation: ProbeObservation): ProbeJudgement;
}

/** Judgement shared by every probe: crashes, dropped connections and 5xx fail. */
export function judgeRobustness(observation: ProbeObservation): ProbeJudgement | undefined {
	if (observation.crashed) {
		return { passed: false, reason: 'the server stopped answering after this request (crash)' };
	}
	if (observation.error) {
		return { passed: false, reason: `no response: ${observation.error}` };
	}
	if ((observation.status ?? 0) >= 500) {
		return { passed: false, reason: `server error ${observation.status}` };
	}
	return undefined;
}

/** Signs that an attack string reached a file read, a shell or a database. */
export const LEAK_SIGNS: readonly { pattern: RegExp; what: string }[] = [
	{ pattern: /root:[x*]?:0:0:/, what: 'the content of /etc/passwd' },
	{ pattern: /uid=\d+\([^)]*\) gid=\d+/, what: 'the output of `id`' },
	{ pattern: /SQLITE_ERROR|syntax error at or near|You have an error in your SQL syntax|unterminated quoted string|ORA-\d{5}/i, what: 'a database error' },
];

export function leak(body: string): string | undefined {
	return LEAK_SIGNS.find((s) => s.pattern.test(body))?.what;
}

export function withQuery(path: string, name: string, value: string): string {
	return `${path}${path.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
}

/** The names of the query parameters an endpoint's path already shows (`/files?name=a` → name). */
export function queryNames(path: string): string[] {
	const query = path.split('?')[1];
	return query ? query.split('&').map((p) => decodeURIComponent(p.split('=')[0] ?? '')).filter(Boolean) : [];
}

export const sendsBody = (method: string): boolean => !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(method.toUpperCase());
