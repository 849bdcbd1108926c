// One driver per run. The lock is `.rampart/runs/<id>.lock` holding the owner's pid, host and a
// heartbeat it refreshes; it is created exclusively, so of two windows only one gets it and the
// other gets a clear refusal. A lock whose owner died (same host, pid gone) or whose heartbeat is
// older than `staleMs` is taken over; takeovers are serialised by a second exclusive file.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import type { StorePort } from '../../store/storePort';
import { checkRunId, runsDir } from './runRepository';

const lockSchema = z.object({ runId: z.string(), pid: z.number().int(), host: z.string(), token: z.string(), acquiredAt: z.number(), heartbeatAt: z.number() }).strict();
export type LockOwner = z.infer<typeof lockSchema>;

export class RunLockedError extends Error {
	constructor(
		readonly runId: string,
		readonly owner: LockOwner,
		now: number,
	) {
		super(
			`Run ${runId} is already being driven by process ${owner.pid} on ${owner.host} (last heartbeat ${Math.max(0, Math.round((now - owner.heartbeatAt) / 1000))} s ago). Only one window can drive a run: stop it there, or wait for it to finish.`,
		);
		this.name = 'RunLockedError';
	}
}

export interface RunLockOptions {
	/** A heartbeat older than this means the owner is gone (default 30 s). */
	staleMs?: number;
	/** How often the owner refreshes its heartbeat (default staleMs / 4). */
	heartbeatMs?: number;
	now?: () => number;
	pid?: number;
	host?: string;
	/** Called when the lock was taken over by someone else (this driver must stop). */
	onLost?: (owner: LockOwner | undefined) => void;
}

const lockFile = (id: string): string => `${runsDir}/${id}.lock`;

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function readOwner(port: StorePort, file: string): Promise<LockOwner | undefined | 'damaged'> {
	const text = await port.read(file);
	if (text === undefined) {
		return undefined;
	}
	try {
		const parsed = lockSchema.safeParse(JSON.parse(text));
		return parsed.success ? parsed.data : 'damaged';
	} catch {
		return 'damaged';
	}
}

export class RunLock {
	private timer?: ReturnType<typeof setInterval>;
	private released = false;
	/** Beats and the release run one after another, so a beat in flight cannot re-create a released lock. */
	private queue: Promise<unknown> = Promise.resolve();

	private constructor(
		private readonly port: StorePort,
		readonly owner: LockOwner,
		private readonly options: Required<Pick<RunLockOptions, 'staleMs' | 'heartbeatMs' | 'now'>> & RunLockOptions,
	) {}

	/** Takes the run's lock or throws RunLockedError naming the live owner. */
	static async acquire(port: StorePort, runId: string, options: RunLockOptions = {}): Promise<RunLock> {
		checkRunId(runId);
		const staleMs = options.staleMs ?? 30_000;
		const resolved = { ...options, staleMs, heartbeatMs: options.heartbeatMs ?? Math.max(50, Math.floor(staleMs / 4)), now: options.now ?? Date.now };
		const file = lockFile(runId);
		for (let attempt = 0; attempt < 3; attempt++) {
			const now = resolved.now();
			const owner: LockOwner = { runId, pid: options.pid ?? process.pid, host: options.host ?? hostname(), token: randomBytes(12).toString('hex'), acquiredAt: now, heartbeatAt: now };
			if (await port.createExclusive(file, JSON.stringify(owner))) {
				const lock = new RunLock(port, owner, resolved);
				lock.startHeartbeat();
				return lock;
			}
			const current = await readOwner(port, file);
			if (current !== undefined && current !== 'damaged' && !RunLock.isStale(current, resolved, now)) {
				throw new RunLockedError(runId, current, now);
			}
			await RunLock.takeOver(port, file, current, resolved);
		}
		throw new Error(`Could not take the lock of run ${runId}: other drivers keep racing for it.`);
	}

	/** The owner died: same host and its pid is gone, or its heartbeat is older than staleMs. */
	static isStale(owner: LockOwner, options: { staleMs: number; host?: string }, now: number): boolean {
		if (owner.host === (options.host ?? hostname()) && !processAlive(owner.pid)) {
			return true;
		}
		return now - owner.heartbeatAt > options.staleMs;
	}

	/** Removes a stale (or damaged) lock, unless someone else replaced it meanwhile. */
	private static async takeOver(port: StorePort, file: string, seen: LockOwner | 'damaged' | undefined, options: { staleMs: number; now: () => number }): Promise<void> {
		if (seen === undefined) {
			return;
		}
		const guard = `${file}.takeover`;
		if (!(await port.createExclusive(guard, String(options.now())))) {
			const since = await port.mtime(guard);
			if (since !== undefined && options.now() - since > options.staleMs) {
				await port.remove(guard);
			}
			return;
		}
		try {
			const again = await readOwner(port, file);
			const same = seen === 'damaged' ? again === 'damaged' : again !== undefined && again !== 'damaged' && again.token === seen.token;
			if (same) {
				await port.remove(file);
			}
		} finally {
			await port.remove(guard);
		}
	}

	private startHeartbeat(): void {
		this.timer = setInterval(() => {
			this.beat().catch(() => undefined);
		}, this.options.heartbeatMs);
		this.timer.unref();
	}

	/** Refreshes the heartbeat; false (and onLost) when the lock is no longer ours. */
	beat(): Promise<boolean> {
		const next = this.queue.then(() => this.beatNow());
		this.queue = next.catch(() => undefined);
		return next;
	}

	private async beatNow(): Promise<boolean> {
		if (this.released) {
			return false;
		}
		const file = lockFile(this.owner.runId);
		const current = await readOwner(this.port, file);
		if (current === undefined || current === 'damaged' || current.token !== this.owner.token) {
			this.stopHeartbeat();
			this.released = true;
			this.options.onLost?.(current === undefined || current === 'damaged' ? undefined : current);
			return false;
		}
		await this.port.writeAtomic(file, JSON.stringify({ ...this.owner, heartbeatAt: this.options.now() }));
		return true;
	}

	get held(): boolean {
		return !this.released;
	}

	private stopHeartbeat(): void {
		if (this.timer) {
			clearInterval(this.timer);
			this.timer = undefined;
		}
	}

	/** Gives the lock up (only if it is still ours). */
	release(): Promise<void> {
		this.stopHeartbeat();
		const next = this.queue.then(() => this.releaseNow());
		this.queue = next.catch(() => undefined);
		return next;
	}

	private async releaseNow(): Promise<void> {
		if (this.released) {
			return;
		}
		this.released = true;
		const current = await readOwner(this.port, lockFile(this.owner.runId));
		if (current !== undefined && current !== 'damaged' && current.token === this.owner.token) {
			await this.port.remove(lockFile(this.owner.runId));
		}
	}
}
