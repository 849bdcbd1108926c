import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { ARTIFACT_KINDS } from '../../../src/core/store/schemas';
import { agent, sampleArtifacts, tempWorkspace } from './helpers';

const run = promisify(execFile);
/** Writes per process: the acceptance figure, 500 (RAMPART_STORE_STRESS lowers it for quick local runs). */
const WRITES = Number(process.env.RAMPART_STORE_STRESS ?? 500);

describe('analysis store: two processes', function () {
	this.timeout(Math.max(60_000, WRITES * 1000));

	it(`two processes writing ${WRITES} times each against the same head lose nothing`, async () => {
		const root = await tempWorkspace();
		await AnalysisStore.forWorkspace(root).write(sampleArtifacts(), { author: agent, message: 'initial' });
		const worker = join(__dirname, 'concurrencyWorker.ts');
		const results = await Promise.all(
			['p1', 'p2'].map((name) => run(process.execPath, ['--import', 'tsx', worker, root, name, String(WRITES)], { cwd: join(__dirname, '..', '..', '..') })),
		);
		const conflicts = results.reduce((sum, r) => sum + Number(r.stdout.trim()), 0);
		const store = AnalysisStore.forWorkspace(root);
		const ids = new Set((await store.read('runs'))!.runs.map((r) => r.id));
		for (const name of ['p1', 'p2']) {
			for (let i = 0; i < WRITES; i++) {
				assert.ok(ids.has(`${name}-${i}`), `${name}-${i} kept`);
			}
		}
		const versions = await store.listVersions();
		assert.equal(versions.length, 1 + 2 * WRITES, 'a single chain with one version per write');
		// Every version and every document in it still validates.
		for (const v of versions) {
			for (const kind of ARTIFACT_KINDS) {
				if (v.documents[kind]) {
					await store.readAt(v.id, kind);
				}
			}
		}
		assert.ok(conflicts >= 0);
	});
});
