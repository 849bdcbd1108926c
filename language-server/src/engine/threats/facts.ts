import type { Node } from 'web-tree-sitter';
import type { Range } from '../types';

/** A call (or a middleware reference) seen in a scope. */
export interface CallFact {
	readonly callee: string;
	readonly node: Node;
	readonly args: readonly Node[];
	/** Keys of object-literal properties (JS) or keyword arguments (Python) in the arguments. */
	readonly pairs: ReadonlyMap<string, Node>;
}

/** A key bound to a value: object property, keyword argument, variable or member assignment. */
export interface PairFact {
	/** `property`: object property or keyword argument; `binding`: variable or member assignment. */
	readonly kind: 'property' | 'binding';
	readonly key: string;
	readonly value: Node;
	readonly node: Node;
}

/** Everything the checkers look at in one scope, collected in one walk. */
export interface ScopeFacts {
	readonly calls: CallFact[];
	readonly pairs: PairFact[];
	/** Member, attribute and subscript expressions (`process.env.X`, `os.environ["X"]`). */
	readonly members: { readonly text: string; readonly node: Node }[];
	/** Python decorators, by their expression text without `@`. */
	readonly decorators: { readonly text: string; readonly node: Node }[];
	/** Base classes of the parameter types of the function (pydantic models and the like). */
	readonly annotations: { readonly text: string; readonly node: Node }[];
	readonly returns: Node[];
}

export const emptyFacts = (): ScopeFacts => ({ calls: [], pairs: [], members: [], decorators: [], annotations: [], returns: [] });

export function rangeOf(node: Node): Range {
	return {
		start: { line: node.startPosition.row, character: node.startPosition.column },
		end: { line: node.endPosition.row, character: node.endPosition.column },
	};
}

/** Callee text without whitespace, `await`, type arguments or `new`. */
export function calleeOf(call: Node): string {
	let callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
	while (callee && (callee.type === 'await_expression' || callee.type === 'instantiation_expression' || callee.type === 'non_null_expression' || callee.type === 'parenthesized_expression')) {
		callee = callee.namedChildren[0] ?? null;
	}
	return (callee?.text ?? '').replace(/\s+/g, '');
}

/** The argument nodes of a call (a tagged template counts as one argument). */
export function argsOf(call: Node): Node[] {
	const args = call.childForFieldName('arguments');
	if (!args) {
		return [];
	}
	if (args.type === 'arguments' || args.type === 'argument_list') {
		return args.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
	}
	return [args];
}

function keyText(node: Node | null): string {
	if (!node) {
		return '';
	}
	const t = node.text;
	return /^['"`].*['"`]$/s.test(t) ? t.slice(1, -1) : t;
}

function pairsOfArgs(args: readonly Node[]): Map<string, Node> {
	const pairs = new Map<string, Node>();
	for (const arg of args) {
		if (arg.type === 'keyword_argument') {
			pairs.set(keyText(arg.childForFieldName('name')), arg.childForFieldName('value') ?? arg);
		} else if (arg.type === 'object') {
			for (const p of arg.namedChildren) {
				if (p?.type === 'pair') {
					pairs.set(keyText(p.childForFieldName('key')), p.childForFieldName('value') ?? p);
				} else if (p?.type === 'shorthand_property_identifier') {
					pairs.set(p.text, p);
				}
			}
		}
	}
	return pairs;
}

const callTypes = new Set(['call_expression', 'new_expression', 'call']);
const memberTypes = new Set(['member_expression', 'subscript_expression', 'attribute', 'subscript']);

/** Collects the facts of `root` into `into`; `skip` prunes subtrees (other functions at module level). */
export function collectFacts(root: Node, into: ScopeFacts = emptyFacts(), skip?: (n: Node) => boolean): ScopeFacts {
	const stack: Node[] = [root];
	while (stack.length > 0) {
		const n = stack.pop() as Node;
		if (skip && n !== root && skip(n)) {
			continue;
		}
		const type = n.type;
		if (callTypes.has(type)) {
			const args = argsOf(n);
			into.calls.push({ callee: calleeOf(n), node: n, args, pairs: pairsOfArgs(args) });
		} else if (type === 'pair' || type === 'keyword_argument') {
			const key = n.childForFieldName(type === 'pair' ? 'key' : 'name');
			const value = n.childForFieldName('value');
			if (value) {
				into.pairs.push({ kind: 'property', key: keyText(key), value, node: n });
			}
		} else if (type === 'variable_declarator' || type === 'assignment_expression' || type === 'assignment' || type === 'augmented_assignment') {
			const left = n.childForFieldName(type === 'variable_declarator' ? 'name' : 'left');
			const value = n.childForFieldName(type === 'variable_declarator' ? 'value' : 'right');
			if (left && value) {
				into.pairs.push({ kind: 'binding', key: left.text.replace(/\s+/g, ''), value, node: n });
			}
		} else if (memberTypes.has(type)) {
			into.members.push({ text: n.text.replace(/\s+/g, ''), node: n });
		} else if (type === 'decorator') {
			into.decorators.push({ text: n.text.replace(/^@/, '').replace(/\s+/g, ''), node: n });
		} else if (type === 'return_statement') {
			const value = n.namedChildren[0];
			if (value) {
				into.returns.push(value);
			}
		}
		for (let i = n.namedChildCount - 1; i >= 0; i--) {
			const c = n.namedChild(i);
			if (c) {
				stack.push(c);
			}
		}
	}
	return into;
}

/** Adds a middleware reference (`requireAuth`, `limiter`, `csrf()`) as a call fact. */
export function addMiddlewareFact(into: ScopeFacts, node: Node): void {
	if (node.type === 'identifier' || node.type === 'member_expression' || node.type === 'attribute') {
		into.calls.push({ callee: node.text.replace(/\s+/g, ''), node, args: [], pairs: new Map() });
	}
	collectFacts(node, into);
}
