// Check 7: one file declares the same symbol twice.
import type { ArchitectureIssue, DesignIndex } from './designIndex';

export function checkDuplicateSymbol(index: DesignIndex): ArchitectureIssue[] {
	const issues: ArchitectureIssue[] = [];
	for (const file of index.files) {
		const counts = new Map<string, number>();
		for (const s of index.symbols.get(file.path) ?? []) {
			counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
		}
		for (const [name, n] of [...counts].sort()) {
			if (n > 1) {
				issues.push({ check: 'duplicate-symbol', file: file.path, message: `${file.path} declares ${name} ${n} times. Keep one declaration (rename or merge the others).` });
			}
		}
	}
	return issues;
}
