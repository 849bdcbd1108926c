import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine } from '../../../src/core/sandbox/hostSandbox';
import { detectStacks } from '../../../src/core/verify/stackDetection';
import { folderFiles, STEP_KINDS } from '../../../src/core/verify/stackTypes';
import { repoRoot } from '../../support/fixtureCorpus';

interface Expected {
	stacks: { stack: string; image?: string; steps: Record<string, string>; network?: Record<string, string>; skipped: string[] }[];
}

const fixtures = join(repoRoot, 'test', 'fixtures', 'verify', 'stacks');

describe('stack detection (fixture folders)', () => {
	const cases = readdirSync(fixtures);
	it('has fixture cases', () => assert.ok(cases.length >= 10));

	for (const name of cases) {
		it(name, async () => {
			const expected = JSON.parse(readFileSync(join(fixtures, name, 'expected.json'), 'utf8')) as Expected;
			const plans = await detectStacks(folderFiles(join(fixtures, name)));
			assert.deepEqual(
				plans.map((p) => p.stack),
				expected.stacks.map((s) => s.stack),
			);
			plans.forEach((plan, i) => {
				const want = expected.stacks[i]!;
				const steps = Object.fromEntries(Object.entries(plan.steps).map(([k, c]) => [k, commandLine(c.command, c.args)]));
				assert.deepEqual(steps, want.steps, `${plan.stack} steps`);
				assert.deepEqual(Object.keys(plan.skipped).sort(), [...want.skipped].sort(), `${plan.stack} skipped steps`);
				for (const kind of STEP_KINDS) {
					assert.ok(!(kind in plan.steps && kind in plan.skipped), `${kind} is both planned and skipped`);
					assert.ok(kind in plan.steps || kind in plan.skipped || plan.stack === 'docker', `${kind} is neither planned nor skipped`);
				}
				for (const reason of Object.values(plan.skipped)) {
					assert.ok(reason && reason.length > 5, 'every skipped step says why');
				}
				if (want.image) {
					assert.equal(plan.image, want.image);
				}
				for (const [kind, network] of Object.entries(want.network ?? {})) {
					assert.equal(plan.steps[kind as keyof typeof plan.steps]?.network, network, `${kind} network`);
				}
				for (const [kind, c] of Object.entries(plan.steps)) {
					assert.equal(c.network, kind === 'install' ? 'allowed' : 'none', `${kind}: only install may use the network`);
				}
			});
		});
	}

	it('takes a base image override per stack', async () => {
		const plans = await detectStacks(folderFiles(join(fixtures, 'node-npm')), { images: { node: 'registry.example/node:22' } });
		assert.equal(plans[0]?.image, 'registry.example/node:22');
	});
});
