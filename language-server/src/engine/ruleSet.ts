import { type Language, Query } from 'web-tree-sitter';
import { isRootOnly, type KeyOption, keyOptions } from './keyedPatterns';
import { parsePatterns, type ParsedPattern, rootNodeOf, type TextPredicate } from './queryPattern';
import type { Rule } from './rule';
import type { LanguageId } from './types';

/** A rule pattern reached through an index pattern (see keyedPatterns.ts). */
export interface KeyedPattern {
	/** Position among all keyed patterns, for telling apart runs at the same node. */
	readonly order: number;
	readonly rules: readonly Rule[];
	/** The rule's own pattern compiled alone, run only at a node whose key passed; undefined when the index match is the whole match. */
	readonly query: Query | undefined;
	/** For a root-only pattern: the root's capture names and the predicates left to test on its text. */
	readonly rootCaptures: readonly string[];
	readonly rootPredicates: readonly TextPredicate[];
}

/** What one index pattern of the combined query leads to: rule patterns by key text, and by key regex. */
export interface IndexEntry {
	readonly byName: ReadonlyMap<string, readonly KeyedPattern[]>;
	readonly byRegex: ReadonlyArray<{ readonly regex: RegExp; readonly pattern: KeyedPattern }>;
}

/** A combined query: residual rule patterns and index patterns, by pattern index. */
export interface CombinedQuery {
	readonly query: Query | undefined;
	/** Pattern index → the rules whose own pattern it is (rules sharing a query text share its patterns). */
	readonly rulesOfPattern: ReadonlyArray<readonly Rule[]>;
	/** Pattern index → the index entry, for the index patterns of the combined query. */
	readonly indexOfPattern: ReadonlyArray<IndexEntry | undefined>;
}

/** All rules of one language compiled into one combined query. */
export interface CompiledRuleSet extends CombinedQuery {
	/** The combined query without the index patterns whose few names do not occur in the text. */
	forText(text: string): CombinedQuery;
	readonly errors: ReadonlyArray<{ readonly ruleId: string; readonly message: string }>;
}

const maxOptionalNames = 16;

interface Pending {
	readonly pattern: ParsedPattern;
	readonly rules: Rule[];
	readonly options: KeyOption[];
	readonly rootOnly: boolean;
	readonly rootCaptures: readonly string[];
}

/** Rule queries grouped by text: a rule and its audit twin share one compiled pattern. */
function groupByQuery(languageId: LanguageId, rules: readonly Rule[]): Map<string, Rule[]> {
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
	return byQuery;
}

/** Picks for each pattern the key whose index patterns the most other patterns share. */
function chooseKeys(pending: readonly Pending[]): Map<Pending, KeyOption> {
	const popularity = new Map<string, number>();
	for (const p of pending) {
		for (const source of new Set(p.options.flatMap((o) => o.sources))) {
			popularity.set(source, (popularity.get(source) ?? 0) + 1);
		}
	}
	const score = (o: KeyOption) => o.sources.reduce((a, s) => a + (popularity.get(s) ?? 0), 0) / o.sources.length + (o.test.kind === 'names' ? 0.5 : 0);
	return new Map(pending.map((p) => [p, p.options.reduce((best, o) => (score(o) > score(best) ? o : best))]));
}

const compiledSets = new WeakMap<Language, WeakMap<readonly Rule[], Map<LanguageId, CompiledRuleSet>>>();

/**
 * The compiled rule set, shared by every engine of this process that uses the same grammar and
 * rule list (compiled queries are immutable; compiling costs far more than a typical file).
 */
export function sharedRuleSet(language: Language, languageId: LanguageId, rules: readonly Rule[]): CompiledRuleSet {
	let byRules = compiledSets.get(language);
	if (!byRules) {
		byRules = new WeakMap();
		compiledSets.set(language, byRules);
	}
	let byLanguage = byRules.get(rules);
	if (!byLanguage) {
		byLanguage = new Map();
		byRules.set(rules, byLanguage);
	}
	let set = byLanguage.get(languageId);
	if (!set) {
		set = compileRuleSet(language, languageId, rules);
		byLanguage.set(languageId, set);
	}
	return set;
}

/**
 * Compiles the rules of a language. Patterns whose text predicates can key an index are reached
 * through shared index patterns (keyedPatterns.ts) and confirmed by their own compiled pattern;
 * the rest are joined into the combined query as they are. Pattern indices of the combined query
 * are mapped back to rules or index entries by source offset.
 */
export function compileRuleSet(language: Language, languageId: LanguageId, rules: readonly Rule[]): CompiledRuleSet {
	const errors: Array<{ ruleId: string; message: string }> = [];
	const residual: Array<{ source: string; rules: Rule[] }> = [];
	const pending: Pending[] = [];
	for (const [source, group] of groupByQuery(languageId, rules)) {
		if (!/@finding\b/.test(source)) {
			errors.push({ ruleId: group[0].id, message: 'query has no @finding capture' });
			continue;
		}
		const patterns = parsePatterns(source);
		if (!patterns) {
			residual.push({ source, rules: group });
			continue;
		}
		for (const pattern of patterns) {
			const root = rootNodeOf(pattern);
			const options = root ? keyOptions(pattern, root) : [];
			if (!root || options.length === 0) {
				residual.push({ source: pattern.source, rules: group });
			} else {
				pending.push({ pattern, rules: group, options, rootOnly: isRootOnly(pattern, root), rootCaptures: root.captures });
			}
		}
	}
	const chosen = chooseKeys(pending);
	type Entry = { byName: Map<string, KeyedPattern[]>; byRegex: Array<{ regex: RegExp; pattern: KeyedPattern }> };
	const entries = new Map<string, Entry>();
	const failed = new Set<readonly Rule[]>();
	pending.forEach((p, order) => {
		const key = chosen.get(p) as KeyOption;
		let query: Query | undefined;
		try {
			query = p.rootOnly ? undefined : new Query(language, p.pattern.source);
		} catch (error) {
			if (!failed.has(p.rules)) {
				failed.add(p.rules);
				errors.push({ ruleId: p.rules[0].id, message: `query does not compile for ${languageId}: ${(error as Error).message}` });
			}
			return;
		}
		const keyed: KeyedPattern = {
			order,
			rules: p.rules,
			query,
			rootCaptures: p.rootCaptures,
			rootPredicates: p.rootOnly ? p.pattern.predicates.filter((q) => q !== key.predicate) : [],
		};
		for (const source of key.sources) {
			const entry: Entry = entries.get(source) ?? { byName: new Map(), byRegex: [] };
			entries.set(source, entry);
			if (key.test.kind === 'regex') {
				entry.byRegex.push({ regex: key.test.regex, pattern: keyed });
			} else {
				for (const name of new Set(key.test.names)) {
					entry.byName.set(name, [...(entry.byName.get(name) ?? []), keyed]);
				}
			}
		}
	});
	const indexSources = [...entries.keys()];
	const combine = (active: readonly string[], sink: Array<{ ruleId: string; message: string }>): CombinedQuery | undefined => {
		const sources = [...residual.map((r) => r.source), ...active];
		const compiled = compileSegments(language, languageId, sources, sink, [...residual.map((r) => r.rules[0].id), ...active]);
		if (!compiled) {
			return undefined;
		}
		const rulesOfPattern: Array<readonly Rule[]> = [];
		const indexOfPattern: Array<IndexEntry | undefined> = [];
		for (let i = 0; i < compiled.query.patternCount(); i++) {
			const segment = compiled.segmentOf(compiled.query.startIndexForPattern(i));
			rulesOfPattern.push(segment < residual.length ? residual[segment].rules : []);
			indexOfPattern.push(segment < residual.length ? undefined : entries.get(active[segment - residual.length]));
		}
		return { query: compiled.query, rulesOfPattern, indexOfPattern };
	};
	const full = combine(indexSources, errors);
	if (!full) {
		return { query: undefined, rulesOfPattern: [], indexOfPattern: [], errors, forText: () => ({ query: undefined, rulesOfPattern: [], indexOfPattern: [] }) };
	}
	// Index patterns keyed only by a few names are left out of the query for a file that contains none of them.
	const optional = indexSources.flatMap((source) => {
		const entry = entries.get(source) as Entry;
		return entry.byRegex.length === 0 && entry.byName.size <= maxOptionalNames ? [{ source, names: [...entry.byName.keys()] }] : [];
	});
	const variants = new Map<string, CombinedQuery>();
	const forText = (text: string): CombinedQuery => {
		const absent = optional.filter((o) => !o.names.some((n) => text.includes(n)));
		if (absent.length === 0) {
			return full;
		}
		const key = absent.map((o) => o.source).join('\u0000');
		let variant = variants.get(key);
		if (!variant) {
			const skipped = new Set(absent.map((o) => o.source));
			variant = combine(indexSources.filter((s) => !skipped.has(s)), []) ?? full;
			variants.set(key, variant);
		}
		return variant;
	};
	return { ...full, errors, forText };
}

/** Joins segments into one query; if that fails, finds and drops the segments that do not compile. */
function compileSegments(
	language: Language,
	languageId: LanguageId,
	sources: readonly string[],
	errors: Array<{ ruleId: string; message: string }>,
	names: readonly string[],
): { query: Query; segmentOf(byteOffset: number): number } | undefined {
	let kept = sources.map((_, i) => i);
	for (let attempt = 0; attempt < 2; attempt++) {
		if (kept.length === 0) {
			return undefined;
		}
		const starts: number[] = [];
		let offset = 0;
		for (const i of kept) {
			starts.push(offset);
			offset += Buffer.byteLength(sources[i], 'utf8') + 1;
		}
		try {
			const query = new Query(language, kept.map((i) => sources[i]).join('\n'));
			const segments = kept;
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
					return segments[lo];
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
