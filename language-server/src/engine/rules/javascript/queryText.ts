import type { Node } from 'web-tree-sitter';
import type { MatchContext } from '../../rule';
import { argumentsOf } from './jsHelpers';

/*
 * Query builders. Structural patterns under call_expression/assignment_expression are slow to
 * compile for the TypeScript/TSX grammars (tens of ms each), so calls and assignments are
 * matched as single nodes narrowed by a text predicate, and the parts are picked in code.
 */

/** Escapes a regex source for a tree-sitter query string literal. */
function quoted(source: string): string {
	return `"${source.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A callee chain before the called name: `cp.`, `this.db.`, `res.status(200).`, `require('x').`. */
const chain = String.raw`^(?:[\w$.?!\s]|\([^()]*\))*?`;

/** Calls whose called name (last identifier of the callee) matches `names`. */
export function callQuery(names: string): string {
	return `((call_expression) @finding (#match? @finding ${quoted(`${chain}(?<![\\w$])(?:${names})\\s*(?:<[^()]*>)?\\s*\\(`)}))\n`;
}

/** `new X(...)` where the constructor's last identifier matches `names`. */
export function newQuery(names: string): string {
	return `((new_expression) @finding (#match? @finding ${quoted(`^new\\s+[\\w$.]*?(?<![\\w$])(?:${names})\\s*(?:<[^()]*>)?\\s*\\(`)}))\n`;
}

/** Assignments (`=`, or `+=` etc. when `augmented`) whose left side matches `left` (a regex source anchored at the start). */
export function assignmentQuery(left: string, augmented = false): string {
	const type = augmented ? 'augmented_assignment_expression' : 'assignment_expression';
	return `((${type}) @finding (#match? @finding ${quoted(`^(?:${left})\\s*[-+*/|&]?=`)}))\n`;
}

/** The parts of a call or `new` expression. */
export interface CallParts {
	readonly callee: Node;
	/** The called name: the identifier, or the property of a member callee. */
	readonly name: Node;
	/** The receiver of a member callee. */
	readonly object?: Node;
	readonly args: readonly Node[];
}

export function callParts(call: Node): CallParts | undefined {
	let callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
	// tree-sitter-typescript reads `await db.query<T>(…)` as a call of `await db.query`.
	while (callee && (callee.type === 'await_expression' || callee.type === 'instantiation_expression' || callee.type === 'non_null_expression')) {
		callee = callee.namedChildren[0] ?? null;
	}
	if (!callee) {
		return undefined;
	}
	if (callee.type === 'member_expression') {
		const name = callee.childForFieldName('property');
		const object = callee.childForFieldName('object') ?? undefined;
		return name ? { callee, name, object, args: argumentsOf(call) } : undefined;
	}
	return callee.type === 'identifier' ? { callee, name: callee, args: argumentsOf(call) } : undefined;
}

/** A context with extra captures, so the shared helpers (whenTainted, text) see them. */
export function withCaptures(ctx: MatchContext, extra: Readonly<Record<string, Node | undefined>>): MatchContext {
	const captures = new Map(ctx.captures);
	for (const [name, node] of Object.entries(extra)) {
		if (node) {
			captures.set(name, node);
		}
	}
	return {
		node: ctx.node,
		captures,
		language: ctx.language,
		source: ctx.source,
		taint: ctx.taint,
		text: (name) => captures.get(name)?.text ?? '',
		get imports() {
			return ctx.imports;
		},
	};
}

/**
 * The call's parts as captures `fn`, `callee`, `obj`, plus the arguments under the given names
 * (by position; the name `last` takes the last argument). Undefined when the called name does not match.
 */
export function callContext(ctx: MatchContext, names: RegExp, argNames: readonly string[] = []): MatchContext | undefined {
	const parts = callParts(ctx.node);
	if (!parts || !names.test(parts.name.text)) {
		return undefined;
	}
	const extra: Record<string, Node | undefined> = { fn: parts.name, callee: parts.callee, obj: parts.object };
	argNames.forEach((name, i) => {
		extra[name] = name === 'last' ? parts.args[parts.args.length - 1] : parts.args[i];
	});
	return withCaptures(ctx, extra);
}
