/**
 * A reader for the part of tree-sitter's query language that rules use: nodes with fields and
 * positional children, alternations, groups, anchors, quantifiers, captures and text predicates.
 * It only has to understand a pattern's shape well enough to derive a cheaper index pattern from
 * it (see keyedPatterns.ts); tree-sitter still compiles and matches every rule pattern itself.
 */

export type PatternNode =
	| { readonly kind: 'node'; readonly type: string; readonly named: boolean; readonly children: readonly PatternChild[]; readonly captures: readonly string[]; readonly quantifier?: string }
	| { readonly kind: 'alternation'; readonly options: readonly PatternNode[]; readonly captures: readonly string[]; readonly quantifier?: string }
	| { readonly kind: 'group'; readonly items: readonly PatternNode[]; readonly captures: readonly string[]; readonly quantifier?: string }
	| { readonly kind: 'anchor' };

export interface PatternChild {
	readonly field?: string;
	readonly node: PatternNode;
}

/** A text predicate: `#eq?`, `#any-of?`, `#match?` and their negations, with a capture and literal operands. */
export interface TextPredicate {
	readonly operator: string;
	readonly capture: string;
	/** The remaining operands: literal strings (undefined where an operand is a capture). */
	readonly values: ReadonlyArray<string | undefined>;
}

/** One top-level pattern of a query, with its source text and the predicates anywhere inside it. */
export interface ParsedPattern {
	readonly source: string;
	readonly root: PatternNode;
	readonly predicates: readonly TextPredicate[];
}

class QueryReader {
	private pos = 0;
	private predicates: TextPredicate[] = [];

	constructor(private readonly src: string) {}

	patterns(): ParsedPattern[] {
		const out: ParsedPattern[] = [];
		for (this.skip(); this.pos < this.src.length; this.skip()) {
			const start = this.pos;
			this.predicates = [];
			const root = this.item();
			out.push({ source: this.src.slice(start, this.pos), root, predicates: this.predicates });
		}
		return out;
	}

	private skip(): void {
		for (;;) {
			while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) {
				this.pos++;
			}
			if (this.src[this.pos] !== ';') {
				return;
			}
			while (this.pos < this.src.length && this.src[this.pos] !== '\n') {
				this.pos++;
			}
		}
	}

	private fail(what: string): never {
		throw new Error(`query pattern: ${what} at offset ${this.pos}`);
	}

	private word(): string {
		const m = /^[\w.\-$]+/.exec(this.src.slice(this.pos, this.pos + 200)) ?? this.fail('expected a name');
		this.pos += m[0].length;
		return m[0];
	}

	private string(): string {
		let out = '';
		for (this.pos++; this.pos < this.src.length; this.pos++) {
			const c = this.src[this.pos];
			if (c === '"') {
				this.pos++;
				return out;
			}
			if (c === '\\') {
				const next = this.src[++this.pos];
				out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next === '0' ? '\0' : next;
			} else {
				out += c;
			}
		}
		return this.fail('unterminated string');
	}

	/** One pattern item with its quantifier and captures. */
	private item(): PatternNode {
		this.skip();
		const c = this.src[this.pos];
		let node: PatternNode;
		if (c === '.') {
			this.pos++;
			return { kind: 'anchor' };
		} else if (c === '[') {
			this.pos++;
			const options: PatternNode[] = [];
			for (this.skip(); this.src[this.pos] !== ']'; this.skip()) {
				options.push(this.item());
			}
			this.pos++;
			node = { kind: 'alternation', options, captures: [] };
		} else if (c === '"') {
			node = { kind: 'node', type: this.string(), named: false, children: [], captures: [] };
		} else if (c === '(') {
			node = this.parenthesized();
		} else if (c === '_') {
			this.pos++;
			node = { kind: 'node', type: '_', named: false, children: [], captures: [] };
		} else {
			return this.fail(`unexpected '${c ?? 'end'}'`);
		}
		return this.suffix(node);
	}

	private suffix(node: PatternNode): PatternNode {
		let quantifier: string | undefined;
		if ('*+?'.includes(this.src[this.pos] ?? ' ')) {
			quantifier = this.src[this.pos++];
		}
		const captures: string[] = [];
		for (this.skip(); this.src[this.pos] === '@'; this.skip()) {
			this.pos++;
			captures.push(this.word());
		}
		return node.kind === 'anchor' ? node : { ...node, captures, ...(quantifier ? { quantifier } : {}) };
	}

	private parenthesized(): PatternNode {
		this.pos++;
		this.skip();
		const c = this.src[this.pos];
		if (c === '(' || c === '[' || c === '"' || c === '.') {
			const items: PatternNode[] = [];
			for (this.skip(); this.src[this.pos] !== ')'; this.skip()) {
				if (this.src.startsWith('(#', this.pos)) {
					this.pos++;
					this.predicate();
				} else {
					items.push(this.item());
				}
			}
			this.pos++;
			return { kind: 'group', items, captures: [] };
		}
		const type = this.word();
		const children: PatternChild[] = [];
		for (this.skip(); this.src[this.pos] !== ')'; this.skip()) {
			if (this.pos >= this.src.length) {
				this.fail('unclosed node');
			}
			if (this.src.startsWith('(#', this.pos)) {
				this.pos++;
				this.predicate();
			} else if (this.src[this.pos] === '!') {
				this.pos++;
				this.word(); // A negated field only narrows the pattern; the index ignores it.
			} else {
				const field = /^([\w]+)\s*:/.exec(this.src.slice(this.pos, this.pos + 100));
				if (field) {
					this.pos += field[0].length;
				}
				children.push({ ...(field ? { field: field[1] } : {}), node: this.item() });
			}
		}
		this.pos++;
		return { kind: 'node', type, named: true, children, captures: [] };
	}

	/** After `(`: `#name? operands…)`. */
	private predicate(): void {
		this.pos++;
		const name = /^[\w-]+[?!]?/.exec(this.src.slice(this.pos, this.pos + 100)) ?? this.fail('expected a predicate name');
		this.pos += name[0].length;
		const operator = name[0];
		const operands: Array<{ capture?: string; value?: string }> = [];
		for (this.skip(); this.src[this.pos] !== ')'; this.skip()) {
			if (this.src[this.pos] === '@') {
				this.pos++;
				operands.push({ capture: this.word() });
			} else if (this.src[this.pos] === '"') {
				operands.push({ value: this.string() });
			} else {
				operands.push({ value: this.word() });
			}
		}
		this.pos++;
		const [first, ...rest] = operands;
		if (first?.capture) {
			this.predicates.push({ operator, capture: first.capture, values: rest.map((o) => o.value) });
		}
	}
}

/** The top-level patterns of a query, or undefined when it uses syntax this reader does not know. */
export function parsePatterns(query: string): ParsedPattern[] | undefined {
	try {
		return new QueryReader(query).patterns();
	} catch {
		return undefined;
	}
}

/** The pattern's single root node: a node, or a group holding exactly one node (predicates aside). */
export function rootNodeOf(pattern: ParsedPattern): Extract<PatternNode, { kind: 'node' }> | undefined {
	let root = pattern.root;
	while (root.kind === 'group' && root.items.length === 1 && !root.quantifier && root.captures.length === 0) {
		root = root.items[0];
	}
	return root.kind === 'node' && root.named && root.type !== '_' && !root.quantifier ? root : undefined;
}
