import type { Node } from 'web-tree-sitter';
import type { CheckResult, MatchContext } from '../rule';

/** True for constants: plain strings (no interpolation), numbers, booleans, null/None. */
export function isLiteral(node: Node | undefined): boolean {
	if (!node) {
		return false;
	}
	switch (node.type) {
		case 'string':
			// JS strings never interpolate; Python f-strings carry `interpolation` children.
			return !node.namedChildren.some((c) => c?.type === 'interpolation');
		case 'template_string':
			return !node.namedChildren.some((c) => c?.type === 'template_substitution');
		case 'number':
		case 'integer':
		case 'float':
		case 'true':
		case 'false':
		case 'null':
		case 'none':
		case 'undefined':
			return true;
		case 'concatenated_string':
		case 'parenthesized_expression':
			return node.namedChildren.every((c) => isLiteral(c ?? undefined));
		case 'binary_expression':
		case 'binary_operator':
			return isLiteral(node.childForFieldName('left') ?? undefined) && isLiteral(node.childForFieldName('right') ?? undefined);
		default:
			return false;
	}
}

/** Keeps the match when the capture is reached by untrusted data; the result carries the path. */
export function whenTainted(ctx: MatchContext, capture: string): CheckResult {
	const node = ctx.captures.get(capture);
	if (!node) {
		return false;
	}
	const taint = ctx.taint(node);
	return taint ? { taint } : false;
}

/** Keeps the match when the capture is computed (not a literal) but no untrusted source reaches it. */
export function whenComputedButUntainted(ctx: MatchContext, capture: string): CheckResult {
	const node = ctx.captures.get(capture);
	return !!node && !isLiteral(node) && !ctx.taint(node);
}

/** The n-th argument node of a call (`arguments` field), skipping comments. */
export function argumentAt(call: Node, index: number): Node | undefined {
	const args = call.childForFieldName('arguments');
	const list = (args?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
	return list[index];
}

/** Python keyword argument value by name, e.g. `shell` in `run(cmd, shell=True)`. */
export function keywordArgument(call: Node, name: string): Node | undefined {
	const args = call.childForFieldName('arguments');
	for (const c of args?.namedChildren ?? []) {
		if (c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name) {
			return c.childForFieldName('value') ?? undefined;
		}
	}
	return undefined;
}

/** JS object-literal property value by key, e.g. `rejectUnauthorized` in `{ rejectUnauthorized: false }`. */
export function objectProperty(object: Node, key: string): Node | undefined {
	for (const c of object.namedChildren) {
		if (c?.type === 'pair') {
			const k = c.childForFieldName('key');
			if (k && k.text.replace(/^['"]|['"]$/g, '') === key) {
				return c.childForFieldName('value') ?? undefined;
			}
		}
	}
	return undefined;
}
