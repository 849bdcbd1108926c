import * as assert from 'node:assert/strict';
import { SecurityEngine } from '../../../language-server/src/engine/securityEngine';
import type { Finding } from '../../../language-server/src/engine/types';
import { listRuleFixtures } from '../../support/fixtureCorpus';

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
		return state / 2 ** 31;
	};
}

const comparable = (findings: readonly Finding[]) => findings.map((f) => ({ ...f }));

/**
 * The editor path reuses findings of unchanged top-level statements; after any sequence of
 * edits it must report exactly what a fresh full analysis reports.
 */
describe('incremental analysis', function () {
	this.timeout(120_000);

	it('matches a full analysis after random edits of every fixture', async () => {
		const incremental = await SecurityEngine.create();
		const full = await SecurityEngine.create();
		const next = random(7);
		for (const fixture of listRuleFixtures()) {
			const lines = fixture.text.split('\n');
			let text = fixture.text;
			incremental.analyze(fixture.path, text, { incremental: true, keepTree: true }).tree?.delete();
			for (let step = 0; step < 6; step++) {
				const l = lines.length;
				const at = Math.floor(next() * l);
				const kind = Math.floor(next() * 4);
				if (kind === 0) {
					lines.splice(at, 0, fixture.path.endsWith('.py') ? '' : '// inserted line');
				} else if (kind === 1 && l > 2) {
					lines.splice(at, 1);
				} else if (kind === 2) {
					lines[at] = `${lines[at] ?? ''} `;
				} else {
					const from = Math.floor(next() * l);
					lines.splice(at, 0, lines[from] ?? '');
				}
				text = lines.join('\n');
				const a = incremental.analyze(fixture.path, text, { incremental: true, keepTree: true });
				a.tree?.delete();
				const b = full.analyze(fixture.path, text, { keepTree: true });
				b.tree?.delete();
				assert.deepEqual(comparable(a.findings), comparable(b.findings), `${fixture.relativePath} after edit ${step} (kind ${kind} at line ${at + 1})`);
			}
		}
	});
});
