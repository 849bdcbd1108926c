import type { CheckerSpec } from '../patterns';
import type { ProtectionKind } from '../types';
import { authentication } from './authentication';
import { csrf } from './csrf';
import { inputValidation } from './inputValidation';
import { noShell } from './noShell';
import { outputEncoding } from './outputEncoding';
import { passwordHashing } from './passwordHashing';
import { pathContainment } from './pathContainment';
import { rateLimit } from './rateLimit';
import { resourceLimits } from './resourceLimits';
import { secretsFromEnv } from './secretsFromEnv';
import { sqlParameterised } from './sqlParameterised';
import { tlsVerification } from './tlsVerification';

/** Every protection-evidence checker, one per protection kind. */
export const allCheckers: readonly CheckerSpec[] = [
	sqlParameterised,
	outputEncoding,
	pathContainment,
	noShell,
	authentication,
	inputValidation,
	csrf,
	rateLimit,
	secretsFromEnv,
	passwordHashing,
	tlsVerification,
	resourceLimits,
];

export const checkerOf = (kind: ProtectionKind): CheckerSpec | undefined => allCheckers.find((c) => c.kind === kind);

/**
 * The checker for a threat: by its CWE first, then by the words of its required protection.
 * Undefined when Rampart has no checker for it (the threat is then reported as unknown).
 */
export function checkerFor(cwe: string | undefined, requiredProtection: string): CheckerSpec | undefined {
	const n = cwe ? Number(/^CWE-(\d+)$/.exec(cwe)?.[1]) : NaN;
	return (Number.isFinite(n) ? allCheckers.find((c) => c.cwes.includes(n)) : undefined) ?? allCheckers.find((c) => c.keywords.test(requiredProtection));
}
