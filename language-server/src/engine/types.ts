/** Plain data shared by the engine, the LSP layer and the CLI. No LSP or VS Code types here. */

export type LanguageId = 'javascript' | 'typescript' | 'tsx' | 'python';
export type Severity = 'error' | 'warning' | 'info';
export type Precision = 'high' | 'medium' | 'low';

/** The vulnerability classes the rules cover; each rule belongs to exactly one. */
export const vulnClasses = [
	'sql-injection',
	'nosql-injection',
	'command-injection',
	'code-injection',
	'xss',
	'path-traversal',
	'ssrf',
	'deserialization',
	'hardcoded-secret',
	'weak-crypto',
	'xxe',
	'open-redirect',
	'tls-verification',
	'prototype-pollution',
	'jwt',
	'redos',
] as const;
export type VulnClass = (typeof vulnClasses)[number];

/** Zero-based line and UTF-16 column, as tree-sitter and LSP count them. */
export interface Position {
	readonly line: number;
	readonly character: number;
}

export interface Range {
	readonly start: Position;
	readonly end: Position;
}

/** A replacement of the text between two UTF-16 offsets of the analysed source. */
export interface TextEdit {
	readonly startIndex: number;
	readonly endIndex: number;
	readonly newText: string;
}

export interface Fix {
	readonly title: string;
	readonly edits: readonly TextEdit[];
}

/** One step of a taint path, from the source (first) to the sink (last). */
export interface TaintStep {
	readonly range: Range;
	readonly message: string;
}

export interface Suppression {
	readonly kind: 'inline' | 'baseline';
	readonly justification: string;
}

export interface Finding {
	readonly ruleId: string;
	readonly vulnClass: VulnClass;
	readonly message: string;
	readonly severity: Severity;
	readonly precision: Precision;
	readonly cwe: readonly number[];
	readonly owasp: string;
	readonly range: Range;
	readonly startIndex: number;
	readonly endIndex: number;
	/** The trimmed text of the finding's first line, used for fingerprints and reports. */
	readonly lineText: string;
	/** Stable across edits elsewhere in the file: rule id + normalised line text + occurrence. */
	readonly fingerprint: string;
	readonly taint?: readonly TaintStep[];
	readonly fix?: Fix;
	readonly suppression?: Suppression;
}

/** Why a file produced no findings without being analysed. */
export interface SkipReason {
	readonly reason: 'too-large' | 'binary' | 'minified' | 'generated' | 'parse-timeout' | 'unsupported' | 'unreadable';
	readonly message: string;
}

/** A problem with the source itself that the user should see (e.g. a suppression without a reason). */
export interface EngineNotice {
	readonly range: Range;
	readonly message: string;
	readonly code: string;
}

export interface AnalysisResult {
	readonly language: LanguageId | undefined;
	readonly findings: readonly Finding[];
	readonly skipped?: SkipReason;
	readonly notices: readonly EngineNotice[];
	readonly hasSyntaxErrors: boolean;
}
