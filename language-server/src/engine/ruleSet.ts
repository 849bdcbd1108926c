import { type Language, Query } from 'web-tree-sitter';
import type { Rule } from './rule';
import type { LanguageId } from './types';

/**
 * A rule query of the form `((TYPE) @finding (#match? @finding "REGEX"))`: matching it through
 * tree-sitter would materialise every TYPE node once per rule and slice its text each time, so
 * the engine matches TYPE once and tests all such regexes on one slice of the text instead.
 */
export interface TextFilter {
	readonly regex: RegExp;
	readonly negate: boolean;
	readonly rules: readonly Rule[];
}

/** All rules of one language compiled into one combined query. */
export interface CompiledRuleSet {
	readonly query: Query | undefined;
	/** Pattern index → the rules it belongs to (rules sharing a query text share its patterns). */
	readonly rulesOfPattern: ReadonlyArray<readonly Rule[]>;
	/** Pattern index → the text filters of a single-node pattern (see {@link TextFilter}). */
	readonly filtersOfPattern: ReadonlyArray<readonly TextFilter[] | undefined>;
	readonly errors: ReadonlyArray<{ readonly ruleId: string; readonly message: string }>;
}

const singleNodePattern = /\(\((\w+)\)\s*@finding\s*\(#(match|not-match)\?\s*@finding\s*"((?:[^"\\]|\\.)*)"\)\)/g;

/** The text filters a query consists of, or undefined when it has any other shape. */
function asTextFilters(query: string): Array<{ type: string; regex: RegExp; negate: boolean }> | undefined {
	const filters: Array<{ type: string; regex: RegExp; negate: boolean }> = [];
	const rest = query.replace(singleNodePattern, (_all, type: string, kind: string, literal: string) => {
		const source = literal.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
		filters.push({ type, regex: new RegExp(source), negate: kind === 'not-match' });
		return '';
	});
	return filters.length > 0 && rest.trim() === '' ? filters : undefined;
}

/**
 * Compiles the rules of a language: identical queries (a rule and its audit twin) are compiled
 * once, single-node text patterns are folded into one pattern per node type, and everything else
 * is joined into one query whose pattern indices are mapped back to rules by source offset.
 */
export function compileRuleSet(language: Language, languageId: LanguageId, rules: readonly Rule[]): CompiledRuleSet {
	const byQuery = new Map<string, Rule[]>();
	for (const rule of rules) {
		if (rule.languages.includes(languageId)) {
			const list = byQuery.get(rule.query);
			if (list) {
				list.push(rule);
			} else {
				byQuery.set(rule.query, [rule]);
			}
		}
	}
	const filtersByType = new Map<string, TextFilter[]>();
	const segments: Array<{ source: string; rules: Rule[] }> = [];
	const errors: Array<{ ruleId: string; message: string }> = [];
	for (const [source, group] of byQuery) {
		let filters: ReturnType<typeof asTextFilters>;
		try {
			filters = asTextFilters(source);
		} catch (error) {
			errors.push({ ruleId: group[0].id, message: `invalid #match? regex: ${(error as Error).message}` });
			continue;
		}
		if (filters) {
			for (const f of filters) {
				const list = filtersByType.get(f.type) ?? [];
				list.push({ regex: f.regex, negate: f.negate, rules: group });
				filtersByType.set(f.type, list);
			}
		} else if (!/@finding\b/.test(source)) {
			errors.push({ ruleId: group[0].id, message: 'query has no @finding capture' });
		} else {
			segments.push({ source, rules: group });
		}
	}
	const typeSegments = [...filtersByType.keys()].map((type) => ({ source: `(${type}) @finding`, type }));
	const compiled = compileSegments(language, languageId, [...segments.map((s) => s.source), ...typeSegments.map((s) => s.source)], errors, [...segments.map((s) => s.rules[0].id), ...typeSegments.map((s) => `(${s.type})`)]);
	if (!compiled) {
		return { query: undefined, rulesOfPattern: [], filtersOfPattern: [], errors };
	}
	const rulesOfPattern: Array<readonly Rule[]> = [];
	const filtersOfPattern: Array<readonly TextFilter[] | undefined> = [];
	for (let i = 0; i < compiled.query.patternCount(); i++) {
		const segment = compiled.segmentOf(compiled.query.startIndexForPattern(i));
		if (segment < segments.length) {
			rulesOfPattern.push(segments[segment].rules);
			filtersOfPattern.push(undefined);
		} else {
			rulesOfPattern.push([]);
			filtersOfPattern.push(filtersByType.get(typeSegments[segment - segments.length].type));
		}
	}
	return { query: compiled.query, rulesOfPattern, filtersOfPattern, errors };
}

/** Joins segments into one query; if that fails, finds and drops the segments that do not compile. */
function compileSegments(
	language: Language,
	languageId: LanguageId,
	sources: string[],
	errors: Array<{ ruleId: string; message: string }>,
	names: string[],
): { query: Query; segmentOf(byteOffset: number): number } | undefined {
	let kept = sources.map((_, i) => i);
	for (let attempt = 0; attempt < 2; attempt++) {
		if (kept.length === 0) {
			return undefined;
		}
		const starts: number[] = [];
		let offset = 0;
		const parts: string[] = [];
		for (const i of kept) {
			starts.push(offset);
			parts.push(sources[i]);
			offset += Buffer.byteLength(sources[i], 'utf8') + 1;
		}
		try {
			const query = new Query(language, parts.join('\n'));
			return {
				query,
				segmentOf(byteOffset) {
					let lo = 0;
					let hi = starts.length - 1;
					while (lo < hi) {
						const mid = (lo + hi + 1) >> 1;
						if (starts[mid] <= byteOffset) {
							lo = mid;
						} else {
							hi = mid - 1;
						}
					}
					return kept[lo];
				},
			};
		} catch {
			// Find the culprits one by one (only on this rare path), then retry without them.
			kept = kept.filter((i) => {
				try {
					new Query(language, sources[i]).delete();
					return true;
				} catch (error) {
					errors.push({ ruleId: names[i], message: `query does not compile for ${languageId}: ${(error as Error).message}` });
					return false;
				}
			});
		}
	}
	return undefined;
}
