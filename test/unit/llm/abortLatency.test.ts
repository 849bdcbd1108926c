// Acceptance 2, last point: after an abort mid-stream the server sees the connection close within
// 100 ms. The server runs in its own process (the CLI), so the time it records is not delayed by
// work the client process does after aborting; both sides use wall-clock epoch milliseconds.
import * as assert from 'node:assert/strict';
import type { LlmServer } from '../../support/llmServer/server';
import { startCliServer, stopCliServer, type CliServer } from './cliServer';
import { adapters, isolateProviderEnv, resilient, testClock } from './harness';

describe('LLM abort latency (server in its own process)', function () {
	this.timeout(60_000);
	isolateProviderEnv();
	let cli: CliServer;

	before(async () => {
		cli = await startCliServer('abort-mid-stream.json', ['--loop']);
	});

	it('every adapter closes the request within 100 ms of abort', async () => {
		const asServer = { openAiBaseUrl: `${cli.url}/v1`, anthropicBaseUrl: cli.url } as LlmServer;
		const abortedAt: number[] = [];
		for (const adapter of adapters) {
			// Round 0 warms the abort path (lazy loading, JIT); round 1 is measured.
			for (const _round of [0, 1]) {
				const controller = new AbortController();
				const seen: string[] = [];
				const model = resilient(adapter.create(asServer), testClock());
				await assert.rejects(async () => {
					for await (const event of model.stream({ messages: [{ role: 'user', content: 'Explain.' }] }, { signal: controller.signal })) {
						if (event.type === 'text-delta' && seen.push(event.text) === 3) {
							abortedAt.push(performance.timeOrigin + performance.now());
							controller.abort();
						}
					}
				}, /cancelled/);
			}
		}
		const { requests, failures, exitCode } = await stopCliServer(cli);
		assert.deepEqual(failures, []);
		assert.equal(exitCode, 0);
		assert.equal(requests.length, 6);
		const latencies = requests.map((r, i) => (r.closedAtEpoch ?? Infinity) - abortedAt[i]);
		assert.ok(requests.every((r) => r.clientClosed === true), 'every request was closed by the client');
		for (const i of [1, 3, 5]) {
			assert.ok(latencies[i] >= -1 && latencies[i] < 100, `${adapters[(i - 1) / 2].name}: server saw the close ${latencies[i].toFixed(1)} ms after abort`);
		}
	});
});
