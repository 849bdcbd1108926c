// Check 2: a file depends on a source module whose design exports nothing it could import.
// Manifests, configs and docs are dependencies by nature and never flagged.
import { isNonCodeFile, isSourceFile } from '../draftArchitecture';
import { exportsOf, type ArchitectureIssue, type DesignIndex } from './designIndex';

export function checkDependencyWithoutExports(index: DesignIndex): ArchitectureIssue[] {
	const issues: ArchitectureIssue[] = [];
	for (const file of index.files) {
		for (const dep of index.deps.get(file.path) ?? []) {
			if (!isSourceFile(dep) || isNonCodeFile(dep)) {
				continue;
			}
			if (exportsOf(index, dep).length === 0) {
				issues.push({ check: 'dependency-without-exports', file: dep, message: `${file.path} depends on ${dep}, but the design of ${dep} exports nothing. Export what ${file.path} needs from ${dep}, or drop the dependency.` });
			}
		}
	}
	return issues;
}
