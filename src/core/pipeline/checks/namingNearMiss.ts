// Check 4: a type a file uses is declared nowhere, but a dependency exports a name that differs only
// in case, "_"/"-", or one edit (UserRecord vs UserRecords): the two designs disagree on the name.
import { exportsOf, foreignTypeRefs, type ArchitectureIssue, type DesignIndex } from './designIndex';

const fold = (name: string): string => name.toLowerCase().replace(/[_-]/g, '');

export function editDistance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
			diagonal = above;
		}
	}
	return row[b.length]!;
}

export function isNearMiss(used: string, declared: string): boolean {
	if (used === declared) {
		return false;
	}
	const a = fold(used);
	const b = fold(declared);
	return a === b || (Math.min(a.length, b.length) >= 5 && editDistance(a, b) === 1);
}

export function checkNamingNearMiss(index: DesignIndex): ArchitectureIssue[] {
	const issues: ArchitectureIssue[] = [];
	for (const file of index.files) {
		for (const type of foreignTypeRefs(index, file.path)) {
			if (index.declaredBy.has(type)) {
				continue;
			}
			for (const dep of index.deps.get(file.path) ?? []) {
				const match = exportsOf(index, dep).find((s) => isNearMiss(type, s.name.split('.')[0]!));
				if (match) {
					issues.push({ check: 'naming-near-miss', file: file.path, message: `${file.path} uses ${type}, but its dependency ${dep} exports ${match.name}. Use one name in both designs.` });
				}
			}
		}
	}
	return issues;
}
