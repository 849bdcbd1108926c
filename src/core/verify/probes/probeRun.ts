// Starts the application inside the sandbox (its smoke command), runs the adversarial probes
// against its endpoints from inside the same container, judges every answer, and turns the results
// into evidence and into a verdict per threat of the threat model (verified / unverified / failed).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { commandLine } from '../../sandbox/hostSandbox';
import type { SandboxPort } from '../../sandbox/sandboxPort';
import type { ThreatModel } from '../../store/schemas';
import type { EvidenceRecord } from '../evidence';
import type { StepCommand } from '../stackTypes';
import { authProbe } from './authBypass';
import { boundaryValuesProbe } from './boundaryValues';
import { injectionProbe } from './injectionStrings';
import { malformedJsonProbe } from './malformedJson';
import { oversizedBodyProbe } from './oversizedBody';
import { pathTraversalProbe } from './pathTraversal';
import type { Endpoint, Probe, ProbeObservation, ProbeRequest } from './probeTypes';
import { RESULT_MARKER, RUNNER_SCRIPT } from './runnerScript';

export const ALL_PROBES: readonly Probe[] = [malformedJsonProbe, oversizedBodyProbe, pathTraversalProbe, injectionProbe, authProbe, boundaryValuesProbe];

export interface ProbeOutcome {
	endpoint: Endpoint;
	request: ProbeRequest;
	status: 'passed' | 'failed' | 'not_run';
	reason: string;
	observation?: ProbeObservation;
}

export interface ProbeRunResult {
	up: boolean;
	outcomes: ProbeOutcome[];
	evidence: EvidenceRecord[];
	/** The application's own output (tail). */
	appLog: string;
}

export interface ProbeRunOptions {
	sandbox: SandboxPort;
	/** Host path of the workspace the sandbox mounts (the plan and client are written under .rampart/probes). */
	root: string;
	start: StepCommand;
	endpoints: readonly Endpoint[];
	port?: number;
	probes?: readonly Probe[];
	runId: string;
	startupMs?: number;
	timeoutMs?: number;
	signal?: AbortSignal;
}

/** `GET /files?name=x` style entry-interface names become endpoints; others are not HTTP. */
export function endpointsOf(model: ThreatModel): Endpoint[] {
	return model.entryInterfaces.flatMap((e) => {
		const m = /^(GET|POST|PUT|PATCH|DELETE)\s+(\/\S*)/i.exec(e.name.trim());
		return m?.[1] && m[2] ? [{ method: m[1].toUpperCase(), path: m[2], exposure: e.exposure, name: e.name }] : [];
	});
}

export async function runProbes(options: ProbeRunOptions): Promise<ProbeRunResult> {
	const probes = options.probes ?? ALL_PROBES;
	let n = 0;
	const nextId = (): string => `p${++n}`;
	const planned = options.endpoints.flatMap((endpoint) => probes.flatMap((probe) => probe.requests(endpoint, nextId).map((request) => ({ endpoint, probe, request }))));
	const port = options.port ?? 3000;
	const dir = join(options.root, '.rampart', 'probes');
	await fs.mkdir(dir, { recursive: true });
	const planFile = `.rampart/probes/${options.runId}.json`;
	const clientFile = `.rampart/probes/${options.runId}.cjs`;
	await fs.writeFile(join(options.root, planFile), JSON.stringify({ host: '127.0.0.1', port, startupMs: options.startupMs ?? 20_000, requestTimeoutMs: 5000, requests: planned.map((p) => p.request) }));
	await fs.writeFile(join(options.root, clientFile), RUNNER_SCRIPT);
	const script = '"$@" > /tmp/rampart-app.log 2>&1 & app=$!; node "$RAMPART_CLIENT" "$RAMPART_PLAN"; code=$?; echo "--- application output ---"; tail -c 4000 /tmp/rampart-app.log; kill $app 2>/dev/null; exit $code';
	const args = ['-c', script.replace('$RAMPART_CLIENT', clientFile).replace('$RAMPART_PLAN', planFile), 'rampart-probe', options.start.command, ...options.start.args];
	const startedAt = new Date().toISOString();
	const result = await options.sandbox
		.run({ command: 'sh', args, cwd: '', env: { PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' }, timeoutMs: options.timeoutMs ?? 300_000, network: 'none', signal: options.signal })
		.finally(() => Promise.all([fs.rm(join(options.root, planFile), { force: true }), fs.rm(join(options.root, clientFile), { force: true })]));
	const markerLine = result.stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
	const parsed = markerLine ? (JSON.parse(markerLine.slice(RESULT_MARKER.length)) as { up: boolean; results: ProbeObservation[] }) : { up: false, results: [] };
	const appLog = result.stdout.split('--- application output ---\n')[1] ?? result.stderr;
	const byId = new Map(parsed.results.map((o) => [o.id, o]));
	const outcomes: ProbeOutcome[] = planned.map(({ endpoint, probe, request }) => {
		const observation = byId.get(request.id);
		if (!observation) {
			const why = !parsed.up ? `the application did not accept connections on port ${port}` : 'not sent: the server had stopped answering';
			return { endpoint, request, status: 'not_run', reason: why };
		}
		const judgement = probe.judge(request, observation);
		return { endpoint, request, status: judgement.passed ? 'passed' : 'failed', reason: judgement.reason, observation };
	});
	const evidence: EvidenceRecord[] = outcomes.map((o) => ({
		id: `${options.runId}/probe/${o.request.id}`,
		step: `probe:${o.request.kind}`,
		command: `${o.request.method} ${o.request.path.slice(0, 300)} (${o.request.attempt.slice(0, 200)}) against ${commandLine(options.start.command, options.start.args)}`,
		where: result.where,
		startedAt,
		exitCode: o.observation?.status ?? null,
		durationMs: o.observation?.durationMs ?? 0,
		status: o.status === 'not_run' ? 'skipped' : o.status,
		reason: o.reason,
		outputExcerpt: o.observation ? `${o.observation.status ?? o.observation.error ?? ''}\n${o.observation.body.slice(0, 1000)}` : '',
		truncated: (o.observation?.body.length ?? 0) > 1000,
	}));
	return { up: parsed.up, outcomes, evidence, appLog };
}

export interface ThreatVerdict {
	threatId: string;
	verdict: 'verified' | 'unverified' | 'failed';
	reason: string;
	/** Evidence record ids the verdict rests on. */
	evidence: string[];
}

/** A threat is judged by the probes of the entry interfaces anchored in the same file and function. */
export function threatVerdicts(model: ThreatModel, run: ProbeRunResult, runId: string): ThreatVerdict[] {
	return model.threats.map((threat) => {
		const names = new Set(model.entryInterfaces.filter((e) => e.anchor.file === threat.anchor.file && e.anchor.function === threat.anchor.function).map((e) => e.name));
		const mine = run.outcomes.filter((o) => o.endpoint.name !== undefined && names.has(o.endpoint.name));
		const ids = (list: ProbeOutcome[]): string[] => list.map((o) => `${runId}/probe/${o.request.id}`);
		const failed = mine.filter((o) => o.status === 'failed');
		const passed = mine.filter((o) => o.status === 'passed');
		if (failed.length > 0) {
			return { threatId: threat.id, verdict: 'failed', reason: `${failed.length} probe(s) failed: ${[...new Set(failed.map((o) => o.reason))].slice(0, 3).join('; ')}`, evidence: ids(failed) };
		}
		if (passed.length > 0 && passed.length === mine.length) {
			return { threatId: threat.id, verdict: 'verified', reason: `${passed.length} probe(s) passed`, evidence: ids(passed) };
		}
		return { threatId: threat.id, verdict: 'unverified', reason: mine.length === 0 ? 'no probe reaches this threat\'s entry interface' : 'some probes did not run', evidence: ids(mine) };
	});
}
