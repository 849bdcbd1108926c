import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type StpaGraph, stpaGraphSchema } from '../../../src/core/store/schemas/stpaGraph';
import { repoRoot } from '../../support/fixtureCorpus';

/** The worked example (the web shop), validated. */
export function shopfront(): StpaGraph {
	return stpaGraphSchema.parse(JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/store/shopfront.stpa-sec.json'), 'utf8')));
}
