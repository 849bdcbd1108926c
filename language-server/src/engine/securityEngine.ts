import { createHash } from 'node:crypto';
import { type Language, type Node, Parser, type Tree } from 'web-tree-sitter';
import { defaultLimits, type FileLimits, skipBeforeParse } from './fileFilter';
import { fingerprintOf } from './fingerprint';
import { collectImports } from './imports';
import { allLanguages, languageOfPath, loadLanguage } from './languages';
import type { CheckResult, MatchContext, Rule } from './rule';
import { findCandidates } from './ruleMatches';
import { type CompiledRuleSet, sharedRuleSet } from './ruleSet';
import { allRules } from './rules';
import { contextOf, isSelfContained, type RawFinding, shiftFinding, spanContaining, spansOf, StatementCache } from './statementCache';
import { findSuppression, parseSuppressions } from './suppression';
import { javascriptTaint } from './taint/javascriptTaint';
import { pythonTaint } from './taint/pythonTaint';
import { type TaintTrace, TaintTracker } from './taint/taintTracker';
import type { AnalysisResult, Finding, LanguageId, Precision, Range } from './types';

export interface AnalyzeOptions {
	readonly limits?: FileLimits;
	/** Parse time budget; a parse that exceeds it is cancelled and the file reported as skipped. */
	readonly parseTimeoutMs?: number;
	readonly inlineSuppressions?: boolean;
	readonly minimumPrecision?: Precision;
	/** Only these rule ids (all when absent). */
	readonly ruleIds?: ReadonlySet<string>;
	/** The previous tree of this document, already edited, for incremental parsing. */
	readonly oldTree?: Tree;
	/** Return the parse tree (for the next incremental parse) instead of caching the result. */
	readonly keepTree?: boolean;
	/** Reuse the findings of unchanged top-level statements from earlier analyses (editors). */
	readonly incremental?: boolean;
}

export interface AnalysisWithTree extends AnalysisResult {
	/** The parse tree, for incremental re-parsing; the caller owns it and must delete() it. */
	readonly tree?: Tree;
}

const precisionRank: Record<Precision, number> = { low: 0, medium: 1, high: 2 };
const cacheSize = 2000;

/**
 * The SAST engine: parses with tree-sitter under a time budget, runs every rule of the
 * language through one combined query, confirms taint where rules ask, applies inline
 * suppressions and fingerprints the findings. Knows nothing of LSP.
 */
export class SecurityEngine {
	private readonly parsers = new Map<LanguageId, Parser>();
	private readonly ruleSets = new Map<LanguageId, CompiledRuleSet>();
	private readonly cache = new Map<string, AnalysisResult>();
	private readonly statementCache = new StatementCache();

	private constructor(
		private readonly languages: ReadonlyMap<LanguageId, Language>,
		readonly rules: readonly Rule[],
	) {}

	/** Loads the grammars; each language's rules are compiled on first use of that language. */
	static async create(rules: readonly Rule[] = allRules): Promise<SecurityEngine> {
		const languages = new Map<LanguageId, Language>();
		for (const id of allLanguages) {
			languages.set(id, await loadLanguage(id));
		}
		const engine = new SecurityEngine(languages, rules);
		for (const [id, language] of languages) {
			const parser = new Parser();
			parser.setLanguage(language);
			engine.parsers.set(id, parser);
		}
		return engine;
	}

	/** Rules whose queries failed to compile, per language (empty when all is well). Compiles all languages. */
	get compileErrors(): ReadonlyArray<{ readonly ruleId: string; readonly message: string }> {
		return allLanguages.flatMap((id) => this.ruleSet(id).errors);
	}

	private ruleSet(id: LanguageId): CompiledRuleSet {
		let set = this.ruleSets.get(id);
		if (!set) {
			const language = this.languages.get(id);
			if (!language) {
				throw new Error(`Rampart: no grammar for ${id}`);
			}
			set = sharedRuleSet(language, id, this.rules);
			this.ruleSets.set(id, set);
		}
		return set;
	}

	/** Parses only (the baseline the benchmark compares the engine against). */
	parse(text: string, language: LanguageId): Tree | null {
		return this.parser(language).parse(text);
	}

	/** Analyses one file's text. Cached by content hash when no old tree is given. */
	analyze(path: string, text: string, options: AnalyzeOptions = {}, language: LanguageId | undefined = languageOfPath(path)): AnalysisWithTree {
		if (!language) {
			return { language, findings: [], notices: [], hasSyntaxErrors: false, skipped: { reason: 'unsupported', message: 'Rampart does not analyse this file type.' } };
		}
		const skip = skipBeforeParse(path, text, options.limits ?? defaultLimits);
		if (skip) {
			return { language, findings: [], notices: [], hasSyntaxErrors: false, skipped: skip };
		}
		const key = options.oldTree || options.keepTree ? undefined : this.cacheKey(language, text, options);
		const cached = key ? this.cache.get(key) : undefined;
		if (cached) {
			return cached;
		}
		const timeout = options.parseTimeoutMs ?? 1500;
		const deadline = performance.now() + timeout;
		const tree = this.parser(language).parse(text, options.oldTree ?? null, { progressCallback: () => performance.now() > deadline });
		if (!tree) {
			return {
				language,
				findings: [],
				notices: [],
				hasSyntaxErrors: false,
				skipped: { reason: 'parse-timeout', message: `Rampart skipped this file: parsing took longer than ${timeout} ms (setting rampart.scan.parseTimeoutMs).` },
			};
		}
		const result = this.runRules(tree, text, language, options);
		if (key) {
			this.remember(key, result);
			tree.delete();
			return result;
		}
		return { ...result, tree };
	}

	private runRules(tree: Tree, text: string, language: LanguageId, options: AnalyzeOptions): AnalysisResult {
		const set = this.ruleSet(language);
		const { directives, notices } = parseSuppressions(text);
		const root = tree.rootNode;
		if (!set.query) {
			return { language, findings: [], notices, hasSyntaxErrors: root.hasError };
		}
		const imports = collectImports(root, language);
		const raw = options.incremental ? this.collectIncrementally(tree, text, language, options, imports) : this.collect(tree, text, language, options, imports);
		return { language, findings: finalizeFindings(raw, text, directives, options), notices, hasSyntaxErrors: root.hasError };
	}

	/** Reuses the findings of top-level statements whose text and module context are unchanged. */
	private collectIncrementally(tree: Tree, text: string, language: LanguageId, options: AnalyzeOptions, imports: Map<string, string>): RawFinding[] {
		const statements = tree.rootNode.namedChildren.filter((n): n is Node => n !== null);
		const spans = spansOf(statements, contextOf(statements, imports, `${language}|${this.cacheKey(language, '', options)}`));
		const raw: RawFinding[] = [];
		const dirty: number[] = [];
		spans.forEach((span, i) => {
			const hit = this.statementCache.get(span.key);
			if (hit) {
				raw.push(...hit.map((f) => shiftFinding(f, span, 1)));
			} else {
				dirty.push(i);
			}
		});
		if (dirty.length === 0) {
			return raw;
		}
		const ranges: Array<{ startIndex: number; endIndex: number }> = [];
		for (const i of dirty) {
			const last = ranges.at(-1);
			if (last && i > 0 && last.endIndex === spans[i - 1].endIndex) {
				last.endIndex = spans[i].endIndex;
			} else {
				ranges.push({ startIndex: spans[i].startIndex, endIndex: spans[i].endIndex });
			}
		}
		const fresh = this.collect(tree, text, language, options, imports, dirty.length === spans.length ? undefined : ranges);
		const perSpan = new Map<number, RawFinding[]>(dirty.map((i) => [i, []]));
		for (const f of fresh) {
			const i = spanContaining(spans, f.startIndex, f.endIndex);
			const list = perSpan.get(i);
			if (list) {
				list.push(f);
			} else if (i === -1) {
				raw.push(f); // Spans several statements: never cached.
			}
		}
		for (const [i, list] of perSpan) {
			raw.push(...list);
			const end = statements[i].endPosition;
			if (list.every((f) => isSelfContained(f, spans[i], { line: end.row, character: end.column }))) {
				this.statementCache.set(spans[i].key, list.map((f) => shiftFinding(f, spans[i], -1)));
			}
		}
		return raw;
	}

	/** Runs the combined query (over the whole tree, or only the given ranges) and the rules' checks. */
	private collect(tree: Tree, text: string, language: LanguageId, options: AnalyzeOptions, imports: Map<string, string>, ranges?: ReadonlyArray<{ startIndex: number; endIndex: number }>): RawFinding[] {
		const set = this.ruleSet(language);
		if (!set.query) {
			return [];
		}
		const tracker = new TaintTracker(language === 'python' ? pythonTaint : javascriptTaint, text);
		let lines: string[] | undefined; // Split only when a finding needs its line text.
		const seen = new Set<string>();
		const findings: RawFinding[] = [];
		const minimum = precisionRank[options.minimumPrecision ?? 'low'];
		const wanted = (rule: Rule) => precisionRank[rule.precision] >= minimum && (!options.ruleIds || options.ruleIds.has(rule.id));
		for (const { rule, captures, node } of findCandidates(set.forText(text), tree, text, wanted, ranges)) {
			const ctx: MatchContext = {
				node,
				captures,
				language,
				source: text,
				taint: (n) => tracker.taintOf(n, rule.vulnClass),
				text: (name) => captures.get(name)?.text ?? '',
				imports,
			};
			let verdict: CheckResult = true;
			if (rule.check) {
				try {
					verdict = rule.check(ctx);
				} catch {
					verdict = false; // A rule that throws on odd input reports nothing rather than crashing the scan.
				}
			}
			if (!verdict) {
				continue;
			}
			const target = typeof verdict === 'object' && verdict.node ? verdict.node : node;
			const dedupe = `${rule.id}:${target.startIndex}:${target.endIndex}`;
			if (seen.has(dedupe)) {
				continue;
			}
			seen.add(dedupe);
			findings.push(toRawFinding(rule, ctx, target, verdict, (lines ??= text.split('\n'))));
		}
		return findings;
	}

	private parser(language: LanguageId): Parser {
		const parser = this.parsers.get(language);
		if (!parser) {
			throw new Error(`Rampart: no parser for ${language}`);
		}
		return parser;
	}

	private cacheKey(language: LanguageId, text: string, options: AnalyzeOptions): string {
		const opts = `${options.inlineSuppressions !== false}|${options.minimumPrecision ?? 'low'}|${[...(options.ruleIds ?? [])].join(',')}|${options.limits?.maxBytes ?? ''}`;
		return createHash('sha1').update(language).update('\u0000').update(opts).update('\u0000').update(text).digest('hex');
	}

	private remember(key: string, result: AnalysisResult): void {
		if (this.cache.size >= cacheSize) {
			const oldest = this.cache.keys().next().value;
			if (oldest !== undefined) {
				this.cache.delete(oldest);
			}
		}
		this.cache.set(key, result);
	}
}

export function rangeOf(node: Node): Range {
	return {
		start: { line: node.startPosition.row, character: node.startPosition.column },
		end: { line: node.endPosition.row, character: node.endPosition.column },
	};
}

function toRawFinding(rule: Rule, ctx: MatchContext, target: Node, verdict: CheckResult, lines: readonly string[]): RawFinding {
	const range = rangeOf(target);
	const trace: TaintTrace | undefined = typeof verdict === 'object' ? verdict.taint : undefined;
	let fix;
	try {
		fix = rule.fix?.(ctx);
	} catch {
		fix = undefined;
	}
	return {
		ruleId: rule.id,
		vulnClass: rule.vulnClass,
		message: (typeof verdict === 'object' && verdict.message) || rule.message,
		severity: rule.severity,
		precision: rule.precision,
		cwe: rule.cwe,
		owasp: rule.owasp,
		range,
		startIndex: target.startIndex,
		endIndex: target.endIndex,
		lineText: (lines[range.start.line] ?? '').trim(),
		...(trace ? { taint: [...trace.steps.map((s) => ({ range: rangeOf(s.node), message: s.message })), { range, message: 'reaches the sink here' }] } : {}),
		...(fix ? { fix } : {}),
	};
}

/** Sorts findings, gives them fingerprints (rule + line text + occurrence) and applies inline suppressions. */
function finalizeFindings(raw: readonly RawFinding[], text: string, directives: ReturnType<typeof parseSuppressions>['directives'], options: AnalyzeOptions): Finding[] {
	if (raw.length === 0) {
		return [];
	}
	const sorted = [...raw].sort((a, b) => a.startIndex - b.startIndex || a.ruleId.localeCompare(b.ruleId));
	const lines = text.split('\n');
	const occurrences = new Map<string, number>();
	return sorted.map((f) => {
		const lineText = (lines[f.range.start.line] ?? '').trim();
		const occurrenceKey = `${f.ruleId}\u0000${lineText.replace(/\s+/g, ' ')}`;
		const occurrence = occurrences.get(occurrenceKey) ?? 0;
		occurrences.set(occurrenceKey, occurrence + 1);
		const directive = options.inlineSuppressions === false ? undefined : findSuppression(directives, f.ruleId, f.range.start.line);
		return {
			...f,
			lineText,
			fingerprint: fingerprintOf(f.ruleId, lineText, occurrence),
			...(directive ? { suppression: { kind: 'inline' as const, justification: directive.justification } } : {}),
		};
	});
}
