// Check 3: a file's signatures use a type declared in another file that is not among its dependencies.
import { foreignTypeRefs, type ArchitectureIssue, type DesignIndex } from './designIndex';

export function checkUndeclaredCrossFileType(index: DesignIndex): ArchitectureIssue[] {
	const issues: ArchitectureIssue[] = [];
	for (const file of index.files) {
		const deps = new Set(index.deps.get(file.path) ?? []);
		for (const type of foreignTypeRefs(index, file.path)) {
			const owners = (index.declaredBy.get(type) ?? []).filter((d) => d.file !== file.path);
			if (owners.length === 0 || owners.some((o) => deps.has(o.file))) {
				continue;
			}
			issues.push({ check: 'undeclared-cross-file-type', file: file.path, message: `${file.path} uses type ${type}, declared in ${owners.map((o) => o.file).join(', ')}, which is not one of its dependencies. Add the dependency.` });
		}
	}
	return issues;
}
