/** Plain data of threat-model evaluation: what a threat asks for and what the code shows. No LSP here. */
import type { LanguageId, Range } from '../types';

/** The protections a threat can require; each has one checker in `checkers/`. */
export const protectionKinds = [
	'sql-parameterised',
	'output-encoding',
	'path-containment',
	'no-shell',
	'authentication',
	'input-validation',
	'csrf',
	'rate-limit',
	'secrets-from-env',
	'password-hashing',
	'tls-verification',
	'resource-limits',
] as const;
export type ProtectionKind = (typeof protectionKinds)[number];

export type ThreatVerdict = 'mitigated' | 'missing' | 'unknown';
export type ThreatSeverity = 'low' | 'medium' | 'high' | 'critical';

/**
 * Where the evidence was found: the anchored function, middleware or decorators registered for its
 * route, a same-file helper it calls, a function it (or a same-file helper) imports from another
 * workspace module and calls, the file's module-level setup, or a recorded justification.
 */
export type EvidenceLocation = 'function' | 'middleware' | 'helper' | 'imported-helper' | 'module' | 'justification';

/** One threat of the stored model, flattened from the threat model and the STPA-Sec graph. */
export interface ThreatSpec {
	readonly id: string;
	readonly title: string;
	/** Workspace-relative path of the anchored file, forward slashes. */
	readonly file: string;
	/** `handleLogin`, `AuthController.login` or an inline route such as `POST /login`. */
	readonly function: string;
	readonly cwe?: string;
	readonly requiredProtection: string;
	readonly severity: ThreatSeverity;
	/** The status the model records (open, mitigated, accepted…). */
	readonly modelStatus: string;
	/** A justification recorded with "Mark mitigated with justification", if any. */
	readonly justification?: string;
	/** Upward trace paths (node ids) from the threat to stakeholder requirements. */
	readonly trace: readonly (readonly string[])[];
	/** Mitigation nodes that mitigate this threat in the STPA-Sec graph. */
	readonly mitigations: readonly string[];
}

export interface Evidence {
	readonly location: EvidenceLocation;
	/** What was found, e.g. "parameterised query `db.query(…)`". */
	readonly description: string;
	/** In the anchored file, or in {@link file} when given. */
	readonly range?: Range;
	/** The helper or middleware that holds it, when not the function itself (`findUser in src/db.js`). */
	readonly via?: string;
	/** Workspace-relative path of the file holding it when that is not the anchored file (imported helpers). */
	readonly file?: string;
}

/** Code that defeats the protection. */
export interface Violation {
	readonly description: string;
	/** In the anchored file: the code itself, or the call of the imported helper that holds it. */
	readonly range: Range;
	/** Where the code is when it is in an imported helper (workspace-relative path, range in that file). */
	readonly at?: { readonly file: string; readonly range: Range };
}

export interface ThreatEvaluation {
	readonly threat: ThreatSpec;
	readonly verdict: ThreatVerdict;
	readonly kind?: ProtectionKind;
	/** The protection checked, in words ("parameterised queries"). */
	readonly protection: string;
	readonly evidence?: Evidence;
	/** Code that defeats the protection (a query built from strings, `shell: true`…). */
	readonly violation?: Violation;
	/** One sentence for the diagnostic and hover. */
	readonly message: string;
	/** The function's name (or the route path of an inline handler): where diagnostics go. */
	readonly anchorRange: Range;
	/** The whole function, for hover and for SAST findings inside it. */
	readonly functionRange: Range;
	readonly functionStartIndex: number;
	readonly functionEndIndex: number;
}

/** An anchor that does not resolve: the function was renamed or removed (or the file is gone). */
export interface AnchorMiss {
	readonly threat: ThreatSpec;
	readonly reason: 'file-missing' | 'function-missing' | 'not-analysed';
	readonly message: string;
}

export interface FileThreatResult {
	readonly file: string;
	readonly language: LanguageId | undefined;
	readonly evaluations: readonly ThreatEvaluation[];
	readonly misses: readonly AnchorMiss[];
}
