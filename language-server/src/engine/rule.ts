import type { Node } from 'web-tree-sitter';
import type { TaintTrace } from './taint/taintTracker';
import type { Fix, LanguageId, Precision, Severity, VulnClass } from './types';

/** What a rule's check and fix functions see for one query match. */
export interface MatchContext {
	/** The node captured as `@finding`: what the finding points at. */
	readonly node: Node;
	/** Every capture of the match by name (without `@`). */
	readonly captures: ReadonlyMap<string, Node>;
	readonly language: LanguageId;
	readonly source: string;
	/** The taint path that reaches `node`, or undefined if no source reaches it. */
	taint(node: Node): TaintTrace | undefined;
	/** The text of a capture, or '' when absent. */
	text(capture: string): string;
	/** The file's import/require bindings: local name → module (e.g. `cp` → `child_process`). */
	readonly imports: ReadonlyMap<string, string>;
}

/**
 * What a check may return: false/undefined drops the match, true keeps it as the rule says,
 * an object keeps it with changes (e.g. the taint path that confirmed it).
 */
export type CheckResult = boolean | undefined | { readonly message?: string; readonly taint?: TaintTrace; readonly node?: Node };

/**
 * A rule is data: metadata, a tree-sitter query with a `@finding` capture, an optional check
 * and an optional fix. Rules of one language are compiled into one combined query.
 */
export interface Rule {
	/** `rampart.<lang>.<class>.<name>`, stable forever. */
	readonly id: string;
	readonly languages: readonly LanguageId[];
	readonly vulnClass: VulnClass;
	readonly cwe: readonly number[];
	/** OWASP Top 10 (2021) category, e.g. `A03:2021-Injection`. */
	readonly owasp: string;
	readonly severity: Severity;
	readonly precision: Precision;
	/** One sentence shown inline. */
	readonly message: string;
	/** Why it matters and how to fix it; rendered into docs/rules.md and SARIF help. */
	readonly help: string;
	readonly query: string;
	readonly check?: (ctx: MatchContext) => CheckResult;
	readonly fix?: (ctx: MatchContext) => Fix | undefined;
}

export const jsLanguages: readonly LanguageId[] = ['javascript', 'typescript', 'tsx'];
export const pyLanguages: readonly LanguageId[] = ['python'];

export const owasp = {
	access: 'A01:2021-Broken Access Control',
	crypto: 'A02:2021-Cryptographic Failures',
	injection: 'A03:2021-Injection',
	design: 'A04:2021-Insecure Design',
	misconfig: 'A05:2021-Security Misconfiguration',
	auth: 'A07:2021-Identification and Authentication Failures',
	integrity: 'A08:2021-Software and Data Integrity Failures',
	ssrf: 'A10:2021-Server-Side Request Forgery',
} as const;
