// A separate process that appends `count` run records through its own store, retrying on conflict.
// Used by analysisStore.process.test.ts; prints the number of conflicts it met.
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { StoreConflictError } from '../../../src/core/store/errors';

async function main(): Promise<void> {
	const [root, name, countText] = process.argv.slice(2);
	const count = Number(countText);
	const store = AnalysisStore.forWorkspace(root!);
	let conflicts = 0;
	for (let i = 0; i < count; i++) {
		for (;;) {
			await store.head();
			const runs = (await store.read('runs'))!;
			const record = { ...runs.runs[0]!, id: `${name}-${i}`, summary: `write ${i} by ${name}` };
			try {
				await store.write({ runs: { ...runs, runs: [...runs.runs, record] } }, { author: { kind: 'agent', name: name! }, message: `${name}-${i}` });
				break;
			} catch (e) {
				if (!(e instanceof StoreConflictError)) {
					throw e;
				}
				conflicts++;
			}
		}
	}
	process.stdout.write(`${conflicts}\n`);
}

main().catch((e: unknown) => {
	process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
	process.exit(1);
});
