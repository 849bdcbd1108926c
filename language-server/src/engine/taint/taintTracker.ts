import type { Node } from 'web-tree-sitter';
import type { VulnClass } from '../types';

/** A path from a source (first step) to the expression that was asked about (last step). */
export interface TaintTrace {
	readonly steps: ReadonlyArray<{ readonly node: Node; readonly message: string }>;
}

/** One binding of a variable in a scope: `name` receives `value` at `at`. */
export interface Assignment {
	readonly name: string;
	readonly value: Node;
	readonly at: Node;
	/** `x += v`: the earlier value of `x` flows on too. */
	readonly augmented: boolean;
}

/** How an expression passes taint on. */
export type Flow =
	| { readonly kind: 'variable'; readonly name: string }
	| { readonly kind: 'propagate'; readonly from: readonly Node[] }
	| { readonly kind: 'sanitized' }
	| { readonly kind: 'opaque' };

/** The language-specific half of intra-procedural taint tracking. */
export interface TaintLanguage {
	/** Node types that open a scope (functions, the module). */
	readonly scopeTypes: ReadonlySet<string>;
	/** A description if the expression itself is a source of untrusted data. */
	sourceOf(node: Node): string | undefined;
	/** A description if a parameter of this scope carries untrusted data (e.g. a route parameter). */
	parameterSource(scope: Node, name: string): string | undefined;
	/**
	 * False only when nothing in this file text can be a source (no expression text `sourceOf`
	 * accepts and no parameter `parameterSource` accepts occurs in it): then nothing is tainted.
	 */
	mayHaveSources(text: string): boolean;
	/** Bindings made directly in the scope (not in nested scopes), in source order. */
	assignments(scope: Node): Assignment[];
	/** How taint flows through the expression, for the given vulnerability class. */
	flow(node: Node, vulnClass: VulnClass): Flow;
}

const maxDepth = 60;

/**
 * Flow-insensitive within straight-line order, intra-procedural taint: a variable is tainted
 * at a point if its last assignment before that point is tainted, looking outward through
 * enclosing scopes (closures, module level). Sanitizers depend on the vulnerability class.
 */
export class TaintTracker {
	private readonly assignmentCache = new Map<number, Map<string, Assignment[]>>();
	private readonly memo = new Map<string, TaintTrace | null>();
	private sourcesPossible: boolean | undefined;

	/** `text` is the analysed file's text, used to rule out files in which no source can occur. */
	constructor(
		private readonly lang: TaintLanguage,
		private readonly text: string,
	) {}

	taintOf(node: Node, vulnClass: VulnClass): TaintTrace | undefined {
		this.sourcesPossible ??= this.lang.mayHaveSources(this.text);
		return this.sourcesPossible ? this.visit(node, vulnClass, new Set(), 0) : undefined;
	}

	private visit(node: Node, vulnClass: VulnClass, active: Set<string>, depth: number): TaintTrace | undefined {
		const key = `${vulnClass}:${node.id}`;
		const cached = this.memo.get(key);
		if (cached !== undefined) {
			return cached ?? undefined;
		}
		if (active.has(key) || depth > maxDepth) {
			return undefined;
		}
		active.add(key);
		const result = this.compute(node, vulnClass, active, depth);
		active.delete(key);
		this.memo.set(key, result ?? null);
		return result;
	}

	private compute(node: Node, vulnClass: VulnClass, active: Set<string>, depth: number): TaintTrace | undefined {
		const flow = this.lang.flow(node, vulnClass);
		if (flow.kind === 'sanitized') {
			return undefined;
		}
		const source = this.lang.sourceOf(node);
		if (source) {
			return { steps: [{ node, message: `untrusted data from ${source}` }] };
		}
		switch (flow.kind) {
			case 'opaque':
				return undefined;
			case 'propagate':
				for (const child of flow.from) {
					const trace = this.visit(child, vulnClass, active, depth + 1);
					if (trace) {
						return trace;
					}
				}
				return undefined;
			case 'variable':
				return this.resolveVariable(node, flow.name, vulnClass, active, depth);
		}
	}

	private resolveVariable(use: Node, name: string, vulnClass: VulnClass, active: Set<string>, depth: number): TaintTrace | undefined {
		let position = use.startIndex;
		for (let scope = this.scopeOf(use); scope; scope = this.scopeOf(scope)) {
			const bindings = this.bindings(scope).get(name) ?? [];
			for (let i = bindings.length - 1; i >= 0; i--) {
				const binding = bindings[i];
				if (binding.at.startIndex >= position) {
					continue;
				}
				// A use inside its own right-hand side (x = x + 1) looks at earlier bindings.
				if (binding.value.startIndex <= use.startIndex && use.endIndex <= binding.value.endIndex) {
					continue;
				}
				const trace = this.visit(binding.value, vulnClass, active, depth + 1);
				if (trace) {
					return { steps: [...trace.steps, { node: binding.at, message: `flows into '${name}'` }] };
				}
				if (!binding.augmented) {
					return undefined;
				}
			}
			const parameter = this.lang.parameterSource(scope, name);
			if (parameter) {
				return { steps: [{ node: scope, message: `untrusted data from ${parameter}` }] };
			}
			position = scope.startIndex;
		}
		return undefined;
	}

	private scopeOf(node: Node): Node | undefined {
		for (let p = node.parent; p; p = p.parent) {
			if (this.lang.scopeTypes.has(p.type)) {
				return p;
			}
		}
		return undefined;
	}

	private bindings(scope: Node): Map<string, Assignment[]> {
		let map = this.assignmentCache.get(scope.id);
		if (!map) {
			map = new Map();
			for (const a of this.lang.assignments(scope)) {
				const list = map.get(a.name);
				if (list) {
					list.push(a);
				} else {
					map.set(a.name, [a]);
				}
			}
			this.assignmentCache.set(scope.id, map);
		}
		return map;
	}
}

/**
 * One regex that finds, anywhere in a text, what any of the given whole-text patterns (`^…$`)
 * accepts: a text a pattern accepts is a substring of the file, so the file matches this regex.
 * Patterns of another form make it match everything.
 */
export function anywhere(patterns: readonly RegExp[]): RegExp {
	const parts: string[] = [];
	for (const { source, flags } of patterns) {
		if (flags !== '' || !source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$') || /\\[bB]|\(\?<?[=!]/.test(source)) {
			return /(?:)/;
		}
		const body = source.slice(1, -1);
		if (/[\^$]/.test(body.replace(/\\[\s\S]/g, '').replace(/\[\^/g, '['))) {
			return /(?:)/; // An anchor inside would still refer to the whole text.
		}
		parts.push(`(?:${body})`);
	}
	return new RegExp(parts.join('|'));
}

/** Walks a scope's subtree without entering nested scopes. */
export function* walkScope(scope: Node, scopeTypes: ReadonlySet<string>): Generator<Node> {
	const stack: Node[] = [...scope.namedChildren].filter((n): n is Node => n !== null).reverse();
	while (stack.length > 0) {
		const node = stack.pop() as Node;
		yield node;
		if (scopeTypes.has(node.type)) {
			continue;
		}
		// One call for all children: each namedChild(i) would cross into WebAssembly again.
		const children = node.namedChildren;
		for (let i = children.length - 1; i >= 0; i--) {
			const child = children[i];
			if (child) {
				stack.push(child);
			}
		}
	}
}
