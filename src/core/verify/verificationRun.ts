// The verification run: for each detected stack, install → build → lint → typecheck → test, each
// command run through the sandbox, each recorded as evidence (command, exit code, duration, output
// excerpt). A failing step fails the stack and the steps after it are skipped with that reason.
import { randomUUID } from 'node:crypto';
import { commandLine } from '../sandbox/hostSandbox';
import type { SandboxPort, SandboxResult } from '../sandbox/sandboxPort';
import { type EvidenceRecord, excerpt } from './evidence';
import type { StackPlan, StepKind } from './stackTypes';

export const RUN_ORDER: readonly StepKind[] = ['install', 'build', 'lint', 'typecheck', 'test'];

export interface StepOutcome {
	stack: string;
	step: StepKind;
	status: 'passed' | 'failed' | 'skipped';
	reason?: string;
	evidence?: EvidenceRecord;
}

export interface VerificationResult {
	runId: string;
	startedAt: string;
	finishedAt: string;
	status: 'passed' | 'failed';
	/** The first step that failed. */
	failedAt?: { stack: string; step: StepKind };
	steps: StepOutcome[];
	evidence: EvidenceRecord[];
}

export interface VerifyOptions {
	/** One sandbox for all stacks, or one per stack (each stack has its own base image). */
	sandbox: SandboxPort | ((plan: StackPlan) => SandboxPort);
	plans: readonly StackPlan[];
	/** The user allowed the install step to reach a package registry for this run. */
	allowNetworkInstall?: boolean;
	/** Per step; defaults: install 10 min, others 5 min. */
	timeoutsMs?: Partial<Record<StepKind, number>>;
	signal?: AbortSignal;
	/** Image name recorded in evidence (the sandbox decides what really runs); defaults to the plan's. */
	image?: string;
	runId?: string;
	onStep?(outcome: StepOutcome): void;
	onOutput?(chunk: string, step: StepKind): void;
	now?: () => Date;
}

const DEFAULT_TIMEOUTS: Record<StepKind, number> = { install: 600_000, build: 300_000, lint: 300_000, typecheck: 300_000, test: 300_000, smoke: 60_000 };

/** Variables every step sees; nothing comes from the host. */
export const STEP_ENV: Readonly<Record<string, string>> = { CI: 'true', LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };

/** A command the sandbox could not even start (image missing, engine gone) is a failed step, not a crash. */
async function runStep(sandbox: SandboxPort, command: Parameters<SandboxPort['run']>[0]): Promise<SandboxResult> {
	const started = Date.now();
	try {
		return await sandbox.run(command);
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		return { exitCode: null, durationMs: Date.now() - started, stdout: '', stderr: `could not run: ${message}\n`, truncated: false, where: sandbox.kind === 'docker' ? 'container' : 'host' };
	}
}

export async function runVerification(options: VerifyOptions): Promise<VerificationResult> {
	const now = options.now ?? (() => new Date());
	const runId = options.runId ?? `verify-${now().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
	const startedAt = now().toISOString();
	const steps: StepOutcome[] = [];
	const evidence: EvidenceRecord[] = [];
	let failedAt: VerificationResult['failedAt'];
	const report = (outcome: StepOutcome): void => {
		steps.push(outcome);
		options.onStep?.(outcome);
	};

	for (const plan of options.plans) {
		const sandbox = typeof options.sandbox === 'function' ? options.sandbox(plan) : options.sandbox;
		let blockedBy: string | undefined;
		for (const kind of RUN_ORDER) {
			const cmd = plan.steps[kind];
			if (blockedBy) {
				report({ stack: plan.stack, step: kind, status: 'skipped', reason: blockedBy });
				continue;
			}
			if (options.signal?.aborted) {
				report({ stack: plan.stack, step: kind, status: 'skipped', reason: 'the run was cancelled' });
				continue;
			}
			if (!cmd) {
				report({ stack: plan.stack, step: kind, status: 'skipped', reason: plan.skipped[kind] ?? 'no command for this step' });
				continue;
			}
			if (cmd.network === 'allowed' && !options.allowNetworkInstall) {
				report({ stack: plan.stack, step: kind, status: 'skipped', reason: 'needs network access to a package registry, which this run does not allow' });
				continue;
			}
			const stepStarted = now().toISOString();
			const result = await runStep(sandbox, {
				command: cmd.command,
				args: cmd.args,
				cwd: '',
				env: STEP_ENV,
				timeoutMs: options.timeoutsMs?.[kind] ?? DEFAULT_TIMEOUTS[kind],
				network: cmd.network,
				signal: options.signal,
				onOutput: options.onOutput ? (chunk) => options.onOutput?.(chunk, kind) : undefined,
			});
			const passed = result.exitCode === 0 && !result.killedBy;
			const reason = result.exitCode === null && !result.killedBy
				? result.stderr.trim()
				: result.killedBy
				? `killed: ${result.killedBy === 'timeout' ? 'ran past its time limit' : result.killedBy === 'limit' ? 'hit a resource limit' : 'cancelled'}`
				: passed
					? undefined
					: `exited with ${result.exitCode}`;
			const record: EvidenceRecord = {
				id: `${runId}/${plan.stack}/${kind}`,
				step: kind,
				stack: plan.stack,
				command: commandLine(cmd.command, cmd.args),
				where: result.where,
				...(result.where === 'container' && (options.image ?? plan.image) ? { image: options.image ?? plan.image } : {}),
				startedAt: stepStarted,
				exitCode: result.exitCode,
				...(result.killedBy ? { killedBy: result.killedBy } : {}),
				durationMs: result.durationMs,
				status: passed ? 'passed' : 'failed',
				...(reason ? { reason } : {}),
				outputExcerpt: excerpt(result.stdout, result.stderr),
				truncated: result.truncated,
			};
			evidence.push(record);
			report({ stack: plan.stack, step: kind, status: record.status, ...(reason ? { reason } : {}), evidence: record });
			if (!passed) {
				failedAt ??= { stack: plan.stack, step: kind };
				blockedBy = `${kind} failed`;
			}
		}
	}
	return { runId, startedAt, finishedAt: now().toISOString(), status: failedAt ? 'failed' : 'passed', ...(failedAt ? { failedAt } : {}), steps, evidence };
}

/** The run as the store's run record: one stage per step, naming its evidence. */
export function toRunRecord(result: VerificationResult): import('../store/schemas').RunRecord {
	const passedSteps = result.steps.filter((s) => s.status === 'passed').length;
	return {
		id: result.runId,
		kind: 'verification',
		startedAt: result.startedAt,
		finishedAt: result.finishedAt,
		status: result.status === 'passed' ? 'succeeded' : 'failed',
		summary: result.failedAt
			? `failed at ${result.failedAt.stack} ${result.failedAt.step}; ${passedSteps} step(s) passed`
			: `${passedSteps} step(s) passed`,
		stages: result.steps.map((s) => ({
			name: `${s.stack}:${s.step}`,
			status: s.status === 'passed' ? 'succeeded' : s.status,
			detail: s.evidence ? `${s.evidence.command} → ${s.evidence.exitCode ?? s.evidence.killedBy} in ${s.evidence.durationMs} ms (evidence ${s.evidence.id})` : s.reason,
		})),
	};
}
