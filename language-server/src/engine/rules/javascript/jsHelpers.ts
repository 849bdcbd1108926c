import type { Node } from 'web-tree-sitter';
import type { CheckResult, MatchContext } from '../../rule';
import { qualifiedName } from '../../imports';
import { scopeTypes } from '../../taint/javascriptTaint';
import { walkScope } from '../../taint/taintTracker';

/** Node types that open a function scope (the program counts as the outermost one). */
export const functionTypes: ReadonlySet<string> = scopeTypes;

/** Decodes the escapes of a JS string literal body (`\\d` → `\d`, `\n` → newline). */
export function unescapeJs(raw: string): string {
	return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g, (_, e: string) => {
		if (e.startsWith('u{')) {
			return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
		}
		if ((e[0] === 'u' && e.length === 5) || (e[0] === 'x' && e.length === 3)) {
			return String.fromCharCode(parseInt(e.slice(1), 16));
		}
		const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
		return simple[e] ?? e;
	});
}

/** The value of a string literal or substitution-free template, else undefined. */
export function stringValue(node: Node | null | undefined): string | undefined {
	if (!node) {
		return undefined;
	}
	if (node.type === 'string') {
		return unescapeJs(node.text.slice(1, -1));
	}
	if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution')) {
		return unescapeJs(node.text.slice(1, -1));
	}
	return undefined;
}

/** The text of the called function (`cp.exec`) or constructor (`vm.Script`). */
export function calleeText(call: Node): string {
	let callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
	// tree-sitter-typescript reads `await db.query<T>(…)` as a call of `await db.query`.
	while (callee && (callee.type === 'await_expression' || callee.type === 'instantiation_expression' || callee.type === 'non_null_expression')) {
		callee = callee.namedChildren[0] ?? null;
	}
	return callee?.text ?? '';
}

/** The callee resolved through the file's imports: `cp.exec` → `child_process.exec`. */
export function qualifiedCallee(ctx: MatchContext, call: Node): string {
	const text = calleeText(call).replace(/^require\(\s*['"](?:node:)?([^'"]+)['"]\s*\)/, '$1');
	return qualifiedName(text, ctx.imports);
}

/** The nearest enclosing function, else the root (the program, or ERROR for badly broken files). */
export function enclosingFunction(node: Node): Node {
	let last = node;
	let p = node.parent;
	while (p && !functionTypes.has(p.type)) {
		last = p;
		p = p.parent;
	}
	return p ?? last;
}

/** Strips TypeScript-only and grouping wrappers: `(x as T)`, `x!`, `x satisfies T`. */
export function unwrapExpression(node: Node): Node {
	let n = node;
	while (/^(as_expression|satisfies_expression|non_null_expression|parenthesized_expression|type_assertion)$/.test(n.type) && n.namedChildren[0]) {
		n = n.type === 'type_assertion' ? (n.namedChildren[1] ?? n.namedChildren[0]) : n.namedChildren[0];
	}
	return n;
}

/**
 * Follows an identifier to the value of its `const` declaration in an enclosing scope, so a
 * rule can look at `const url = 'https://api/' + id` where `fetch(url)` uses it.
 */
export function resolveConst(input: Node, hops = 3): Node {
	const node = unwrapExpression(input);
	if (node.type !== 'identifier' || hops === 0) {
		return node;
	}
	// Each step moves strictly outward, ending at the root whatever its type.
	const name = node.text;
	for (let scope: Node | null = enclosingFunction(node); scope; scope = scope.parent ? enclosingFunction(scope) : null) {
		const found = declaratorsOf(scope).get(name)?.find((d) => d.startIndex < node.startIndex);
		if (found) {
			const n = found.node;
			const value = n.childForFieldName('value');
			const isConst = n.parent?.type === 'lexical_declaration' && n.parent.firstChild?.text === 'const';
			return value && isConst ? resolveConst(value, hops - 1) : node;
		}
		if (scope.type === 'program') {
			break;
		}
	}
	return node;
}

interface Declarator {
	readonly startIndex: number;
	readonly node: Node;
}

/** Per tree and scope: the scope's own `variable_declarator`s by name text, in source order (computed once). */
const declaratorCache = new WeakMap<object, Map<number, Map<string, Declarator[]>>>();

function declaratorsOf(scope: Node): Map<string, Declarator[]> {
	let byScope = declaratorCache.get(scope.tree);
	if (!byScope) {
		byScope = new Map();
		declaratorCache.set(scope.tree, byScope);
	}
	let byName = byScope.get(scope.id);
	if (!byName) {
		byName = new Map();
		for (const n of walkScope(scope, functionTypes)) {
			if (n.type === 'variable_declarator') {
				const key = n.childForFieldName('name')?.text;
				if (key !== undefined) {
					const list = byName.get(key) ?? [];
					list.push({ startIndex: n.startIndex, node: n });
					byName.set(key, list);
				}
			}
		}
		byScope.set(scope.id, byName);
	}
	return byName;
}

/** The literal text a string-building expression starts with (`'https://x/' + id` → `https://x/`). */
export function leadingLiteral(node: Node): string {
	const n = resolveConst(node);
	switch (n.type) {
		case 'string':
			return stringValue(n) ?? '';
		case 'template_string': {
			let out = '';
			for (const c of n.namedChildren) {
				if (c?.type === 'template_substitution') {
					return out;
				}
				out += c?.type === 'escape_sequence' ? unescapeJs(c.text) : (c?.text ?? '');
			}
			return out;
		}
		case 'binary_expression':
			if (n.childForFieldName('operator')?.text !== '+') {
				return '';
			}
			{
				const left = n.childForFieldName('left');
				const prefix = left ? leadingLiteral(left) : '';
				const leftValue = left ? stringValue(resolveConst(left)) : undefined;
				const right = n.childForFieldName('right');
				return leftValue !== undefined && right ? prefix + leadingLiteral(right) : prefix;
			}
		case 'parenthesized_expression':
			return n.namedChildren[0] ? leadingLiteral(n.namedChildren[0]) : '';
		default:
			return '';
	}
}

/** True when the scheme and host of a URL expression are fixed text (`https://api.example.com/…`). */
export function hasFixedOrigin(node: Node): boolean {
	const n = resolveConst(node);
	if (n.type === 'new_expression' && calleeText(n) === 'URL') {
		const args = n.childForFieldName('arguments')?.namedChildren ?? [];
		const first = args[0];
		const base = args[1];
		if (!first) {
			return false;
		}
		const prefix = leadingLiteral(first);
		return hasFixedOrigin(first) || (!!base && /^\/(?![/\\])/.test(prefix));
	}
	return /^[a-z][\w+.-]*:\/\/[^/?#\\@]+[/?#]/i.test(leadingLiteral(n));
}

/** True when a redirect target stays on this site: a fixed origin or a path like `/account/…`. */
export function hasFixedTarget(node: Node): boolean {
	return hasFixedOrigin(node) || /^\/(?![/\\])/.test(leadingLiteral(node));
}

/**
 * Like whenTainted, but only when the untrusted part can choose where a URL points:
 * a tainted path or query after a fixed `scheme://host/` is fine.
 */
export function whenTaintedOrigin(ctx: MatchContext, capture: string, sameSiteIsFine = false): CheckResult {
	const node = ctx.captures.get(capture);
	// Taint first: it is ruled out cheaply in most files, the fixed-origin test is not.
	const taint = node ? ctx.taint(node) : undefined;
	if (!node || !taint || (sameSiteIsFine ? hasFixedTarget(node) : hasFixedOrigin(node))) {
		return false;
	}
	return { taint };
}

/** The first argument or an object property of it: what a call's options say. */
export function optionValue(call: Node, key: string, argIndex?: number): Node | undefined {
	const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
	const candidates = argIndex === undefined ? args : args.slice(argIndex, argIndex + 1);
	for (const arg of candidates) {
		const object = resolveConst(arg);
		if (object.type !== 'object') {
			continue;
		}
		for (const c of object.namedChildren) {
			if (c?.type === 'pair') {
				const k = c.childForFieldName('key');
				if (k && k.text.replace(/^['"]|['"]$/g, '') === key) {
					return c.childForFieldName('value') ?? undefined;
				}
			}
		}
	}
	return undefined;
}

/** The argument nodes of a call, skipping comments. */
export function argumentsOf(call: Node): Node[] {
	return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
}

/** A name that describes what a value is for: the variable, property or function it lands in. */
export function purposeName(node: Node): string {
	const names: string[] = [];
	for (let p: Node | null = node.parent, depth = 0; p && depth < 8; p = p.parent, depth++) {
		if (p.type === 'variable_declarator') {
			names.push(p.childForFieldName('name')?.text ?? '');
			break;
		}
		if (p.type === 'assignment_expression' || p.type === 'augmented_assignment_expression') {
			names.push(p.childForFieldName('left')?.text ?? '');
			break;
		}
		if (p.type === 'pair') {
			names.push(p.childForFieldName('key')?.text ?? '');
			break;
		}
		if (p.type === 'return_statement' || p.type === 'arrow_function') {
			const fn = enclosingFunction(node);
			names.push(functionName(fn));
			break;
		}
		if (p.type === 'statement_block' || p.type === 'expression_statement') {
			break;
		}
	}
	return names.join(' ');
}

/** The name of a function: declared, assigned to a variable or property, or a method. */
export function functionName(fn: Node): string {
	const own = fn.childForFieldName('name')?.text;
	if (own) {
		return own;
	}
	const parent = fn.parent;
	if (parent?.type === 'variable_declarator') {
		return parent.childForFieldName('name')?.text ?? '';
	}
	if (parent?.type === 'pair') {
		return parent.childForFieldName('key')?.text ?? '';
	}
	if (parent?.type === 'assignment_expression') {
		return parent.childForFieldName('left')?.text ?? '';
	}
	return '';
}

/** The function compares a URL's host or origin with an allow-list before using it. */
export function hasAllowListCheck(node: Node): boolean {
	return /\b(allow\w*|ALLOW\w*|whitelist\w*|WHITELIST\w*|trusted\w*|TRUSTED\w*|safe\w*|SAFE\w*)\.(includes|has|some|indexOf)\(|\.(hostname|host|origin)\s*[!=]==|isAllowed\w*\(|isSafe\w*\(|isTrusted\w*\(/.test(enclosingFunction(node).text);
}
