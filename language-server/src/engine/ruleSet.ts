import { type Language, Query } from 'web-tree-sitter';
import { isRootOnly, type KeyOption, keyOptions } from './keyedPatterns';
import { parsePatterns, type ParsedPattern, rootNodeOf, type TextPredicate } from './queryPattern';
import { groupRegexes, matchesWithinText, type RegexGroups } from './regexUnion';
import type { Rule } from './rule';
import type { LanguageId } from './types';

/** A rule pattern reached through an index pattern (see keyedPatterns.ts). */
export interface KeyedPattern {
	/** Position among all keyed patterns, for telling apart runs at the same node. */
	readonly order: number;
	readonly rules: readonly Rule[];
	/** The index match is the whole match: the pattern has no query of its own. */
	readonly rootOnly: boolean;
	/**
	 * The rule's own pattern compiled alone, run only at a node whose key passed. Compiled on first
	 * use (most files need few of them); undefined for root-only patterns and when it does not compile.
	 */
	query(): Query | undefined;
	/** For a root-only pattern: the root's capture names and the predicates left to test on its text. */
	readonly rootCaptures: readonly string[];
	readonly rootPredicates: readonly TextPredicate[];
}

/** What one index pattern of the combined query leads to: rule patterns by key text, and by key regex (grouped under unions). */
export interface IndexEntry {
	readonly byName: ReadonlyMap<string, readonly KeyedPattern[]>;
	readonly byRegex: RegexGroups<KeyedPattern>;
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
	// Keyed patterns compile on first use; `errors` compiles the rest to report the ones that fail.
	const keyedErrors: Array<{ readonly rules: readonly Rule[]; error(): string | undefined }> = [];
	pending.forEach((p, order) => {
		const key = chosen.get(p) as KeyOption;
		let compiled: { query?: Query; error?: string } | undefined;
		const compile = () => {
			if (!compiled) {
				try {
					compiled = { query: new Query(language, p.pattern.source) };
				} catch (error) {
					compiled = { error: (error as Error).message };
				}
			}
			return compiled;
		};
		if (!p.rootOnly) {
			keyedErrors.push({ rules: p.rules, error: () => compile().error });
		}
		const keyed: KeyedPattern = {
			order,
			rules: p.rules,
			rootOnly: p.rootOnly,
			query: () => (p.rootOnly ? undefined : compile().query),
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
	const indexEntries = new Map<string, IndexEntry>(
		[...entries].map(([source, entry]) => [source, { byName: entry.byName, byRegex: groupRegexes(entry.byRegex.map(({ regex, pattern }) => ({ regex, value: pattern }))) }]),
	);
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
			indexOfPattern.push(segment < residual.length ? undefined : indexEntries.get(active[segment - residual.length]));
		}
		return { query: compiled.query, rulesOfPattern, indexOfPattern };
	};
	const combineErrors: Array<{ ruleId: string; message: string }> = [];
	const full = combine(indexSources, combineErrors);
	const allErrors = () => {
		const out = [...errors];
		const failed = new Set<readonly Rule[]>();
		for (const { rules: group, error } of keyedErrors) {
			const message = error();
			if (message !== undefined && !failed.has(group)) {
				failed.add(group);
				out.push({ ruleId: group[0].id, message: `query does not compile for ${languageId}: ${message}` });
			}
		}
		return [...out, ...combineErrors];
	};
	if (!full) {
		const none: CombinedQuery = { query: undefined, rulesOfPattern: [], indexOfPattern: [] };
		return {
			...none,
			get errors() {
				return allErrors();
			},
			forText: () => none,
		};
	}
	// Index patterns keyed only by a few names, or by regexes that would also match the whole file
	// (a key's text is part of it), are left out of the query for a file in which none occurs.
	const optional = indexSources.flatMap((source) => {
		const entry = entries.get(source) as Entry;
		const regexes = entry.byRegex.map((r) => r.regex);
		return entry.byName.size <= maxOptionalNames && regexes.every(matchesWithinText) ? [{ source, names: [...entry.byName.keys()], regexes }] : [];
	});
	const variants = new Map<string, CombinedQuery>();
	const forText = (text: string): CombinedQuery => {
		const absent = optional.filter((o) => !o.names.some((n) => text.includes(n)) && !o.regexes.some((r) => r.test(text)));
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
	return {
		...full,
		get errors() {
			return allErrors();
		},
		forText,
	};
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
