import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkerFor } from '../../../language-server/src/engine/threats/checkers';
import { evaluateThreats } from '../../../language-server/src/engine/threats/evaluate';
import { ThreatSourceParser } from '../../../language-server/src/engine/threats/sourceParser';
import { protectionKinds, type ThreatSpec } from '../../../language-server/src/engine/threats/types';
import { repoRoot } from '../../support/fixtureCorpus';

/** One expected result beside a fixture source: `cases.js.threats.json`. */
interface Expected {
	readonly function: string;
	readonly cwe: string;
	readonly protection: string;
	readonly expect: 'mitigated' | 'missing' | 'unknown';
	readonly location?: string;
}

const fixtures = join(repoRoot, 'test', 'fixtures', 'threats');
const cases = readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
	.filter((f) => f.endsWith('.threats.json'))
	.sort()
	.map((f) => ({ expectations: f, source: f.replace(/\.threats\.json$/, '') }));

function spec(e: Expected, i: number, file: string): ThreatSpec {
	return { id: `T-${i + 1}`, title: `${e.protection} for ${e.function}`, file, function: e.function, cwe: e.cwe, requiredProtection: e.protection, severity: 'high', modelStatus: 'open', trace: [], mitigations: [] };
}

describe('threat protection-evidence checkers (fixtures)', () => {
	const parser = new ThreatSourceParser();

	for (const c of cases) {
		it(c.source, async () => {
			const text = readFileSync(join(fixtures, c.source), 'utf8');
			const expected = JSON.parse(readFileSync(join(fixtures, c.expectations), 'utf8')) as Expected[];
			const language = ThreatSourceParser.languageOf(c.source);
			assert.ok(language, `a supported language for ${c.source}`);
			const tree = await parser.parse(text, language);
			assert.ok(tree);
			try {
				const threats = expected.map((e, i) => spec(e, i, c.source));
				const result = evaluateThreats({ file: c.source, language, tree }, threats);
				assert.deepEqual(result.misses.map((m) => m.message), [], 'every anchor resolves');
				const got = result.evaluations.map((r) => ({ function: r.threat.function, expect: r.verdict, location: r.evidence?.location, message: r.message }));
				for (const [i, e] of expected.entries()) {
					const g = got[i];
					assert.equal(g?.expect, e.expect, `${e.function}: ${g?.message}`);
					if (e.location) {
						assert.equal(g?.location, e.location, `${e.function}: evidence location (${g?.message})`);
					}
				}
			} finally {
				tree.delete();
			}
		});
	}

	it('covers every protection kind with protected and unprotected cases in JS/TS and Python', () => {
		const seen = new Map<string, Set<string>>();
		for (const c of cases) {
			const expected = JSON.parse(readFileSync(join(fixtures, c.expectations), 'utf8')) as Expected[];
			const lang = c.source.endsWith('.py') ? 'python' : 'javascript';
			for (const e of expected) {
				const kind = checkerFor(e.cwe, e.protection)?.kind ?? 'unknown';
				const key = `${kind}/${lang}`;
				seen.set(key, (seen.get(key) ?? new Set()).add(e.expect));
			}
		}
		for (const kind of protectionKinds) {
			for (const lang of ['javascript', 'python']) {
				const verdicts = seen.get(`${kind}/${lang}`);
				assert.ok(verdicts?.has('mitigated') && verdicts.has('missing'), `${kind} in ${lang}: both a protected and an unprotected case (have ${[...(verdicts ?? [])].join(', ') || 'none'})`);
			}
		}
		assert.ok(protectionKinds.length >= 12);
	});
});
