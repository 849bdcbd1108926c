// The run lock in one process (the two-process case is in crashResume.test.ts): exclusive, a live
// owner is refused with a clear message, a stale heartbeat or a damaged lock is taken over, a
// driver whose lock was taken over learns it, and release only removes its own lock.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { RunLock, RunLockedError } from '../../../src/core/agent/runs/runLock';
import { FolderStorePort } from '../../../src/core/store/storePort';
import { tempWorkspace } from './support';

describe('run lock', () => {
	let ws: Awaited<ReturnType<typeof tempWorkspace>>;
	let port: FolderStorePort;
	beforeEach(async () => {
		ws = await tempWorkspace({});
		port = new FolderStorePort(join(ws.root, '.rampart'));
	});
	afterEach(() => ws.cleanup());

	it('refuses a second driver while the owner is alive, then hands over after release', async () => {
		const first = await RunLock.acquire(port, 'run-a', { heartbeatMs: 20 });
		await assert.rejects(RunLock.acquire(port, 'run-a'), (e: unknown) => e instanceof RunLockedError && e.message.includes(`process ${process.pid}`) && e.message.includes('Only one window can drive a run'));
		const other = await RunLock.acquire(port, 'run-b');
		await first.release();
		const second = await RunLock.acquire(port, 'run-a');
		assert.notEqual(second.owner.token, first.owner.token);
		await Promise.all([second.release(), other.release()]);
		assert.deepEqual(await port.list('runs'), []);
	});

	it('takes over a lock whose heartbeat is stale, and the old owner learns it lost the lock', async () => {
		let now = 1_000_000;
		const lost: unknown[] = [];
		const old = await RunLock.acquire(port, 'run-a', { host: 'other-host', staleMs: 1000, heartbeatMs: 60_000, now: () => now, onLost: (o) => lost.push(o) });
		now += 500;
		await assert.rejects(RunLock.acquire(port, 'run-a', { staleMs: 1000, now: () => now }), RunLockedError);
		now += 1000;
		const taker = await RunLock.acquire(port, 'run-a', { staleMs: 1000, now: () => now });
		assert.equal(await old.beat(), false);
		assert.equal(old.held, false);
		assert.equal(lost.length, 1);
		await old.release();
		assert.equal((JSON.parse((await port.read('runs/run-a.lock')) ?? '{}') as { token: string }).token, taker.owner.token, 'the old owner did not remove the new lock');
		await taker.release();
	});

	it('takes over a lock whose owner process is gone, and a damaged lock file', async () => {
		await fs.mkdir(join(port.root, 'runs'), { recursive: true });
		await fs.writeFile(join(port.root, 'runs', 'run-a.lock'), JSON.stringify({ runId: 'run-a', pid: 2 ** 22 + 7, host: (await import('node:os')).hostname(), token: 't', acquiredAt: Date.now(), heartbeatAt: Date.now() }));
		const a = await RunLock.acquire(port, 'run-a');
		await fs.writeFile(join(port.root, 'runs', 'run-b.lock'), '{"half');
		const b = await RunLock.acquire(port, 'run-b');
		await Promise.all([a.release(), b.release()]);
	});

	it('rejects a run id that could leave the runs folder', async () => {
		await assert.rejects(RunLock.acquire(port, '../x'), /Invalid run id/);
	});
});
