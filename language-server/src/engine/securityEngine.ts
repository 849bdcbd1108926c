import { createHash } from 'node:crypto';
import { type Node, Parser, type Tree } from 'web-tree-sitter';
import { defaultLimits, type FileLimits, skipBeforeParse } from './fileFilter';
import { fingerprintOf } from './fingerprint';
import { collectImports } from './imports';
import { allLanguages, languageOfPath, loadLanguage } from './languages';
import type { CheckResult, MatchContext, Rule } from './rule';
import { compileRuleSet, type CompiledRuleSet } from './ruleSet';
import { allRules } from './rules';
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
	private readonly cache = new Map<string, AnalysisResult>();

	private constructor(
		private readonly ruleSets: ReadonlyMap<LanguageId, CompiledRuleSet>,
		readonly rules: readonly Rule[],
	) {}

	static async create(rules: readonly Rule[] = allRules): Promise<SecurityEngine> {
		const sets = new Map<LanguageId, CompiledRuleSet>();
		for (const id of allLanguages) {
			sets.set(id, compileRuleSet(await loadLanguage(id), id, rules));
		}
		const engine = new SecurityEngine(sets, rules);
		for (const id of allLanguages) {
			const parser = new Parser();
			parser.setLanguage(await loadLanguage(id));
			engine.parsers.set(id, parser);
		}
		return engine;
	}

	/** Rules whose queries failed to compile, per language (empty when all is well). */
	get compileErrors(): ReadonlyArray<{ readonly ruleId: string; readonly message: string }> {
		return [...this.ruleSets.values()].flatMap((s) => s.errors);
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
		const set = this.ruleSets.get(language);
		const { directives, notices } = parseSuppressions(text);
		const findings: Finding[] = [];
		if (!set?.query) {
			return { language, findings, notices, hasSyntaxErrors: tree.rootNode.hasError };
		}
		const tracker = new TaintTracker(language === 'python' ? pythonTaint : javascriptTaint);
		let imports: Map<string, string> | undefined;
		const lines = text.split('\n');
		const seen = new Set<string>();
		const occurrences = new Map<string, number>();
		const minimum = precisionRank[options.minimumPrecision ?? 'low'];
		for (const match of set.query.matches(tree.rootNode)) {
			const rule = set.ruleOfPattern[match.patternIndex];
			if (!rule || precisionRank[rule.precision] < minimum || (options.ruleIds && !options.ruleIds.has(rule.id))) {
				continue;
			}
			const captures = new Map<string, Node>();
			for (const c of match.captures) {
				if (!captures.has(c.name)) {
					captures.set(c.name, c.node);
				}
			}
			const node = captures.get('finding');
			if (!node) {
				continue;
			}
			const ctx: MatchContext = {
				node,
				captures,
				language,
				source: text,
				taint: (n) => tracker.taintOf(n, rule.vulnClass),
				text: (name) => captures.get(name)?.text ?? '',
				get imports() {
					imports ??= collectImports(tree.rootNode, language);
					return imports;
				},
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
			findings.push(this.toFinding(rule, ctx, target, verdict, lines, occurrences, directives, options));
		}
		findings.sort((a, b) => a.startIndex - b.startIndex || a.ruleId.localeCompare(b.ruleId));
		return { language, findings, notices, hasSyntaxErrors: tree.rootNode.hasError };
	}

	private toFinding(
		rule: Rule,
		ctx: MatchContext,
		target: Node,
		verdict: CheckResult,
		lines: readonly string[],
		occurrences: Map<string, number>,
		directives: ReturnType<typeof parseSuppressions>['directives'],
		options: AnalyzeOptions,
	): Finding {
		const range = rangeOf(target);
		const lineText = (lines[range.start.line] ?? '').trim();
		const occurrenceKey = `${rule.id}\u0000${lineText.replace(/\s+/g, ' ')}`;
		const occurrence = occurrences.get(occurrenceKey) ?? 0;
		occurrences.set(occurrenceKey, occurrence + 1);
		const trace: TaintTrace | undefined = typeof verdict === 'object' ? verdict.taint : undefined;
		let fix;
		try {
			fix = rule.fix?.(ctx);
		} catch {
			fix = undefined;
		}
		const directive = options.inlineSuppressions === false ? undefined : findSuppression(directives, rule.id, range.start.line);
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
			lineText,
			fingerprint: fingerprintOf(rule.id, lineText, occurrence),
			...(trace ? { taint: [...trace.steps.map((s) => ({ range: rangeOf(s.node), message: s.message })), { range, message: 'reaches the sink here' }] } : {}),
			...(fix ? { fix } : {}),
			...(directive ? { suppression: { kind: 'inline' as const, justification: directive.justification } } : {}),
		};
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
