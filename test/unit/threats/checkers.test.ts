import * as assert from 'node:assert/strict';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { checkerFor } from '../../../language-server/src/engine/threats/checkers';
import { evaluateFileText } from '../../../language-server/src/engine/threats/evaluateFiles';
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
	/** The evidence's `via` (for imported helpers: `findUser in <fixture-relative file>`). */
	readonly via?: string;
	/** The violation is in this other fixture file (an imported helper). */
	readonly violationIn?: string;
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
			assert.ok(ThreatSourceParser.languageOf(c.source), `a supported language for ${c.source}`);
			const threats = expected.map((e, i) => spec(e, i, c.source.split(sep).join('/')));
			// Fixture-relative paths stand for workspace-relative ones: imported modules are read beside the case.
			const read = (file: string) => fs.readFile(join(fixtures, file), 'utf8').catch(() => undefined);
			const result = await evaluateFileText(parser, c.source.split(sep).join('/'), text, threats, read);
			assert.deepEqual(result.misses.map((m) => m.message), [], 'every anchor resolves');
			const got = result.evaluations.map((r) => ({ function: r.threat.function, expect: r.verdict, location: r.evidence?.location, via: r.evidence?.via, file: r.evidence?.file, violationIn: r.violation?.at?.file, message: r.message }));
			for (const [i, e] of expected.entries()) {
				const g = got[i];
				assert.equal(g?.expect, e.expect, `${e.function}: ${g?.message}`);
				if (e.location) {
					assert.equal(g?.location, e.location, `${e.function}: evidence location (${g?.message})`);
				}
				if (e.via) {
					assert.equal(g?.via, e.via, `${e.function}: evidence via (${g?.message})`);
					assert.ok(g?.message.includes(`in helper ${e.via}`), `${e.function}: the message names the helper and its file (${g?.message})`);
				}
				if (e.location === 'imported-helper') {
					assert.equal(g?.file, e.via?.split(' in ')[1], `${e.function}: the evidence names the file holding it`);
				}
				assert.equal(g?.violationIn, e.violationIn, `${e.function}: file of the violation (${g?.message})`);
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
