// The eight cross-file architecture checks, run together over one index.
import type { DraftArchitecture } from '../draftArchitecture';
import { checkDependencyCycle } from './dependencyCycle';
import { checkDependencyWithoutExports } from './dependencyWithoutExports';
import { buildIndex, type ArchitectureIssue, type CheckName } from './designIndex';
import { checkDuplicateSymbol } from './duplicateSymbol';
import { checkMissingDependency } from './missingDependency';
import { checkNamingNearMiss } from './namingNearMiss';
import { checkOrphanFile } from './orphanFile';
import { checkParameterCountMismatch } from './parameterCountMismatch';
import { checkUndeclaredCrossFileType } from './undeclaredCrossFileType';

export { buildIndex, type ArchitectureIssue, type CheckName, type DesignIndex } from './designIndex';
export { checkDependencyCycle, checkDependencyWithoutExports, checkDuplicateSymbol, checkMissingDependency, checkNamingNearMiss, checkOrphanFile, checkParameterCountMismatch, checkUndeclaredCrossFileType };

export const ARCHITECTURE_CHECKS: ReadonlyArray<{ name: CheckName; run: typeof checkMissingDependency }> = [
	{ name: 'missing-dependency', run: checkMissingDependency },
	{ name: 'dependency-without-exports', run: checkDependencyWithoutExports },
	{ name: 'undeclared-cross-file-type', run: checkUndeclaredCrossFileType },
	{ name: 'naming-near-miss', run: checkNamingNearMiss },
	{ name: 'dependency-cycle', run: checkDependencyCycle },
	{ name: 'orphan-file', run: checkOrphanFile },
	{ name: 'duplicate-symbol', run: checkDuplicateSymbol },
	{ name: 'parameter-count-mismatch', run: checkParameterCountMismatch },
];

export function runArchitectureChecks(design: DraftArchitecture): ArchitectureIssue[] {
	const index = buildIndex(design);
	return ARCHITECTURE_CHECKS.flatMap((c) => c.run(index));
}
