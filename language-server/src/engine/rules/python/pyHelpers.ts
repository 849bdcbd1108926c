import type { Node } from 'web-tree-sitter';
import { qualifiedName } from '../../imports';
import type { MatchContext } from '../../rule';

/** Shared Python helpers for the rules of this folder: calls and arguments here, the rest re-exported. */
export { addImportEdit, removeArgumentEdit } from './pyEdits';
export { enclosingFunction, fromLocalUser, identifiersIn, isGuarded, resolveLocal, unguardedTaint } from './pyScope';
export { constantText, entropy, isStringBuilding, literalPrefix, stringValue } from './pyStrings';

/** The callee of a call with imports resolved: `sp.run` → `subprocess.run`, `from os import system` → `os.system`. */
export function calleeName(ctx: MatchContext, call: Node | undefined): string {
	const callee = call?.childForFieldName('function');
	if (!callee || (callee.type !== 'identifier' && callee.type !== 'attribute')) {
		return '';
	}
	return qualifiedName(callee.text.replace(/\s+/g, ''), ctx.imports);
}

/** The first argument of a call as written (positional or keyword), skipping comments. */
export function firstArgument(call: Node): Node | undefined {
	for (const c of call.childForFieldName('arguments')?.namedChildren ?? []) {
		if (c && c.type !== 'comment') {
			return c;
		}
	}
	return undefined;
}

/** `obj` in `obj.method(...)`, or undefined for a plain function call. */
export function calleeObject(call: Node): Node | undefined {
	const callee = call.childForFieldName('function');
	return callee?.type === 'attribute' ? (callee.childForFieldName('object') ?? undefined) : undefined;
}

/** Positional arguments of a call (no keywords, no splats, no comments). */
export function positionalArguments(call: Node): Node[] {
	const args = call.childForFieldName('arguments');
	return (args?.namedChildren ?? []).filter(
		(c): c is Node => c !== null && c.type !== 'comment' && c.type !== 'keyword_argument' && c.type !== 'list_splat' && c.type !== 'dictionary_splat',
	);
}

/** The n-th positional argument, or else the keyword argument `name`. */
export function argumentOf(call: Node, index: number, name: string): Node | undefined {
	return positionalArguments(call)[index] ?? keywordValue(call, name);
}

/** A keyword argument's value. */
export function keywordValue(call: Node, name: string): Node | undefined {
	return keywordNode(call, name)?.childForFieldName('value') ?? undefined;
}

/** A keyword argument node (`name=value`). */
export function keywordNode(call: Node, name: string): Node | undefined {
	for (const c of call.childForFieldName('arguments')?.namedChildren ?? []) {
		if (c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name) {
			return c;
		}
	}
	return undefined;
}

/** True when the file imports a module whose qualified name starts with `prefix` (e.g. `flask`). */
export function importsModule(ctx: MatchContext, prefix: string): boolean {
	for (const module of ctx.imports.values()) {
		if (module === prefix || module.startsWith(`${prefix}.`)) {
			return true;
		}
	}
	return false;
}
