import type { Node } from 'web-tree-sitter';
import type { TaintTrace } from '../../taint/taintTracker';

/** Scope helpers for the Python rules: where a name was last assigned, and whether a value is guarded before a sink. */

/** The function definition the node sits in (not counting lambdas). */
export function enclosingFunction(node: Node): Node | undefined {
	for (let p = node.parent; p; p = p.parent) {
		if (p.type === 'function_definition') {
			return p;
		}
	}
	return undefined;
}

/** The value last assigned to an identifier before its use: in its function, else at module level. */
export function resolveLocal(id: Node): Node | undefined {
	const fn = enclosingFunction(id);
	return (fn ? lastAssignment(fn, id.text, id.startIndex) : undefined) ?? lastAssignment(id.tree.rootNode, id.text, id.startIndex);
}

/**
 * Plain `name = value` assignments per scope (function or module, not nested functions), in
 * source order. The module's pass sees every assignment of the file, so it fills in every
 * function's list too; after it, a function with no entry has none.
 */
interface TreeAssignments {
	readonly byScope: Map<number, Map<string, Node[]>>;
	complete: boolean;
}

const assignmentIndex = new WeakMap<object, TreeAssignments>();

function add(byName: Map<string, Node[]>, name: string, assignment: Node): void {
	const list = byName.get(name);
	if (list) {
		list.push(assignment);
	} else {
		byName.set(name, [assignment]);
	}
}

function assignmentsOf(scope: Node): Map<string, Node[]> {
	let perTree = assignmentIndex.get(scope.tree);
	if (!perTree) {
		perTree = { byScope: new Map(), complete: false };
		assignmentIndex.set(scope.tree, perTree);
	}
	let byName = perTree.byScope.get(scope.id);
	if (byName) {
		return byName;
	}
	if (perTree.complete) {
		byName = new Map();
		perTree.byScope.set(scope.id, byName);
		return byName;
	}
	byName = new Map();
	const isModule = scope.type === 'module';
	const others = new Map<number, Map<string, Node[]>>();
	for (const assignment of scope.descendantsOfType('assignment')) {
		const left = assignment?.childForFieldName('left');
		if (!assignment || left?.type !== 'identifier') {
			continue;
		}
		const owner = enclosingFunction(assignment);
		if (isModule ? !owner : owner?.equals(scope)) {
			add(byName, left.text, assignment);
		} else if (isModule && owner) {
			let theirs = others.get(owner.id);
			if (!theirs) {
				theirs = new Map();
				others.set(owner.id, theirs);
			}
			add(theirs, left.text, assignment);
		}
	}
	perTree.byScope.set(scope.id, byName);
	if (isModule && scope.parent === null) {
		for (const [id, theirs] of others) {
			if (!perTree.byScope.has(id)) {
				perTree.byScope.set(id, theirs);
			}
		}
		perTree.complete = true;
	}
	return byName;
}

/** The right-hand side of the last assignment to `name` in `scope` that ends before `before`. */
function lastAssignment(scope: Node, name: string, before: number): Node | undefined {
	const list = assignmentsOf(scope).get(name) ?? [];
	for (let i = list.length - 1; i >= 0; i--) {
		if (list[i].endIndex <= before) {
			return list[i].childForFieldName('right') ?? undefined;
		}
	}
	return undefined;
}

/** Names of the variables an expression reads (not the callees it calls). */
export function identifiersIn(node: Node): Set<string> {
	const out = new Set<string>();
	const visit = (n: Node) => {
		if (n.type === 'identifier') {
			const parent = n.parent;
			if (!(parent?.type === 'attribute' && parent.childForFieldName('attribute')?.equals(n)) && !(parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.equals(n))) {
				out.add(n.text);
			}
			return;
		}
		for (const c of n.namedChildren) {
			if (c && !(n.type === 'call' && c.equals(n.childForFieldName('function') as Node) && c.type === 'identifier')) {
				visit(c);
			}
		}
	};
	visit(node);
	return out;
}

const guardTests =
	/\bnot\s+in\b|\bin\s+[A-Z_a-z.]+|fullmatch|\.match\(|isalnum|isdigit|isidentifier|startswith|is_relative_to|commonpath|url_has_allowed_host_and_scheme|is_safe_url|netloc|hostname\s+(not\s+)?in\b/;

/**
 * True when an `if` before the sink (or around it) tests one of the values the argument is built from
 * against an allow-list, a pattern or a base directory: `if name not in ALLOWED: abort(400)`,
 * `if not path.startswith(BASE): raise ...`. A heuristic: polarity is not checked.
 */
export function isGuarded(sink: Node, argument: Node, extra: RegExp = guardTests): boolean {
	const fn = enclosingFunction(sink);
	if (!fn) {
		return false;
	}
	const assignments = assignmentsOf(fn);
	const earlier = (name: string) => (assignments.get(name) ?? []).filter((a) => a.endIndex <= sink.startIndex).map((a) => a.childForFieldName('right'));
	const names = new Set([...identifiersIn(argument)].filter((n) => !ambient.test(n)));
	// One step back: `full = os.path.join(BASE, name)` is guarded through `name` too.
	for (const name of [...names]) {
		for (const value of earlier(name)) {
			for (const n of value ? identifiersIn(value) : []) {
				if (!ambient.test(n)) {
					names.add(n);
				}
			}
		}
	}
	if (names.size === 0) {
		return false;
	}
	const words = (set: Set<string>) => new RegExp(`\\b(${[...set].map((n) => n.replace(/\W/g, '')).join('|')})\\b`);
	// One step forward: `parts = urlsplit(next_url)` makes a test of `parts.netloc` a test of `next_url`.
	const from = words(names);
	for (const name of assignments.keys()) {
		if (!names.has(name) && earlier(name).some((value) => !!value && from.test(value.text))) {
			names.add(name);
		}
	}
	const mentions = words(names);
	for (const statement of fn.descendantsOfType(['if_statement', 'assert_statement', 'while_statement'])) {
		if (!statement || statement.startIndex > sink.startIndex) {
			continue;
		}
		const condition = statement.type === 'assert_statement' ? statement : statement.childForFieldName('condition');
		if (condition && mentions.test(condition.text) && (guardTests.test(condition.text) || extra.test(condition.text))) {
			return true;
		}
	}
	return false;
}

/** Names that are modules or the request itself, never the value a guard is about. */
const ambient = /^(request|self|cls|os|sys|re|json|settings|app|flask|django|shutil|subprocess)$/;

/** The taint path reaching `node`, unless an allow-list/containment check guards it (taint first: it is memoised and usually absent). */
export function unguardedTaint(sink: Node, node: Node, taint: (n: Node) => TaintTrace | undefined, extra?: RegExp): TaintTrace | undefined {
	const trace = taint(node);
	return trace && !isGuarded(sink, node, extra) ? trace : undefined;
}

/**
 * True when the trace starts at the local user's own input (command-line arguments, `input()`): for a CLI,
 * choosing a file, a pattern or an XML document to read is the tool's purpose, not an attack.
 */
export function fromLocalUser(trace: TaintTrace): boolean {
	return /command-line arguments|interactive input/.test(trace.steps[0]?.message ?? '');
}
