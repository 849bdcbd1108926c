// Check 1: a dependency that names no file of the architecture (or names several).
import type { ArchitectureIssue, DesignIndex } from './designIndex';

export function checkMissingDependency(index: DesignIndex): ArchitectureIssue[] {
	return index.dependencyErrors.map((e) => ({ check: 'missing-dependency', file: e.file, message: e.message }));
}
