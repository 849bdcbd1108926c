// Check 8: a file declares a function under the same name as a function its dependency exports,
// with a different number of parameters: the wrapper and the callee disagree on the contract.
import { exportsOf, type ArchitectureIssue, type DesignIndex } from './designIndex';

export function checkParameterCountMismatch(index: DesignIndex): ArchitectureIssue[] {
	const issues: ArchitectureIssue[] = [];
	for (const file of index.files) {
		for (const own of (index.symbols.get(file.path) ?? []).filter((s) => s.kind === 'function' && s.params)) {
			for (const dep of index.deps.get(file.path) ?? []) {
				const other = exportsOf(index, dep).find((s) => s.kind === 'function' && s.name === own.name && s.params);
				if (other && other.params!.length !== own.params!.length) {
					issues.push({
						check: 'parameter-count-mismatch',
						file: file.path,
						message: `${file.path}#${own.name} takes ${own.params!.length} parameter(s) but ${dep}#${other.name} takes ${other.params!.length}. Make the signatures agree.`,
					});
				}
			}
		}
	}
	return issues;
}
