import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../types';

/** Text-edit helpers for the Python quick-fixes. */

/** An edit that removes a keyword argument together with the comma that separates it. */
export function removeArgumentEdit(argument: Node): TextEdit {
	const list = argument.parent;
	const siblings = (list?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
	const index = siblings.findIndex((c) => c.equals(argument));
	if (index > 0) {
		return { startIndex: siblings[index - 1].endIndex, endIndex: argument.endIndex, newText: '' };
	}
	if (index === 0 && siblings.length > 1) {
		return { startIndex: argument.startIndex, endIndex: siblings[1].startIndex, newText: '' };
	}
	return { startIndex: argument.startIndex, endIndex: argument.endIndex, newText: '' };
}

/**
 * An edit that adds `import <module>` near the top of the file, or undefined when the module is already
 * imported as itself. It goes into the leading block of plain `import x` lines in alphabetical order
 * (isort style); without one, before the first import, else after a docstring and `__future__` imports.
 */
export function addImportEdit(root: Node, source: string, module: string): TextEdit | undefined {
	let afterPreamble = 0;
	let firstImport: Node | undefined;
	const plainImports: Node[] = [];
	// Walk only the top of the file: materialising every statement of a large module is slow.
	for (let i = 0; i < root.namedChildCount; i++) {
		const statement = root.namedChild(i);
		if (!statement || statement.type === 'comment') {
			continue;
		}
		if (statement.type === 'import_statement') {
			const names = statement.childrenForFieldName('name').map((n) => n?.text ?? '');
			if (names.includes(module)) {
				return undefined;
			}
			plainImports.push(statement);
			firstImport ??= statement;
		} else if (statement.type === 'import_from_statement') {
			firstImport ??= statement;
		} else if (statement.type === 'future_import_statement') {
			afterPreamble = nextLineStart(source, statement.endIndex);
		} else if (!firstImport && statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'string') {
			afterPreamble = nextLineStart(source, statement.endIndex);
		} else {
			break;
		}
	}
	const insertAt = (index: number): TextEdit => ({ startIndex: index, endIndex: index, newText: `import ${module}\n` });
	if (plainImports.length > 0) {
		const after = plainImports.find((s) => (s.childrenForFieldName('name')[0]?.text ?? '') > module);
		return after ? insertAt(after.startIndex) : insertAt(nextLineStart(source, (plainImports.at(-1) as Node).endIndex));
	}
	return insertAt(firstImport ? Math.max(firstImport.startIndex, afterPreamble) : afterPreamble);
}

function nextLineStart(source: string, index: number): number {
	const newline = source.indexOf('\n', index);
	return newline === -1 ? source.length : newline + 1;
}
