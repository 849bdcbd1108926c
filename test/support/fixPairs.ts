import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TextEdit } from '../../language-server/src/engine/types';
import { fixFixtureRoot, listFiles } from './fixtureCorpus';

export interface FixPair {
	readonly name: string;
	readonly before: string;
	readonly after: string;
}

/** Every `<name>.<ext>` in test/fixtures/fixes/<folder> with a `<name>.fixed.<ext>` next to it. */
export function fixPairs(folder: string, source: RegExp): FixPair[] {
	const root = join(fixFixtureRoot, folder);
	if (!existsSync(root)) {
		return [];
	}
	return listFiles(root)
		.filter((f) => source.test(f) && !/\.fixed\.\w+$/.test(f))
		.map((before) => ({ name: basename(before), before, after: before.replace(/\.(\w+)$/, '.fixed.$1') }));
}

/**
 * Applies edits from the end of the text backwards. Identical edits (two findings that both add
 * the same import) apply once; any other overlap is a bug in a fix.
 */
export function applyFixEdits(text: string, edits: readonly TextEdit[]): string {
	const unique = new Map<string, TextEdit>();
	for (const edit of edits) {
		unique.set(`${edit.startIndex}:${edit.endIndex}:${edit.newText}`, edit);
	}
	const sorted = [...unique.values()].sort((a, b) => b.startIndex - a.startIndex || b.endIndex - a.endIndex);
	let out = text;
	let limit = Number.POSITIVE_INFINITY;
	for (const edit of sorted) {
		assert.ok(edit.endIndex <= limit, `overlapping edits at ${edit.startIndex}-${edit.endIndex}`);
		assert.ok(edit.startIndex <= edit.endIndex, `inverted edit at ${edit.startIndex}-${edit.endIndex}`);
		out = out.slice(0, edit.startIndex) + edit.newText + out.slice(edit.endIndex);
		limit = edit.startIndex;
	}
	return out;
}
