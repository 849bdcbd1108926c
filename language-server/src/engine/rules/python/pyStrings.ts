import type { Node } from 'web-tree-sitter';
import { resolveLocal } from './pyScope';

/** String helpers for the Python rules: literal values, how strings are built, and what they start with. */

/** The text value of a plain string literal (adjacent literals joined), or undefined for f-strings and non-strings. */
export function stringValue(node: Node | undefined): string | undefined {
	if (!node) {
		return undefined;
	}
	if (node.type === 'concatenated_string') {
		const parts = node.namedChildren.map((c) => stringValue(c ?? undefined));
		return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
	}
	if (node.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation')) {
		return undefined;
	}
	const raw = /^[a-zA-Z]*[rR]/.test(node.firstChild?.text ?? '');
	const text = node.namedChildren
		.filter((c) => c?.type === 'string_content')
		.map((c) => c?.text ?? '')
		.join('');
	return raw ? text : unescape(text);
}

function unescape(text: string): string {
	return text.replace(/\\(.)/gs, (whole, c: string) => {
		switch (c) {
			case 'n':
				return '\n';
			case 't':
				return '\t';
			case '\\':
			case "'":
			case '"':
				return c;
			default:
				return whole;
		}
	});
}

/** True when the expression builds a string from parts: f-string with fields, `+`, `%`, `.format()`, `''.join()`. */
export function isStringBuilding(node: Node | undefined): boolean {
	if (!node) {
		return false;
	}
	switch (node.type) {
		case 'string':
			return node.namedChildren.some((c) => c?.type === 'interpolation');
		case 'concatenated_string':
		case 'parenthesized_expression':
			return node.namedChildren.some((c) => isStringBuilding(c ?? undefined));
		case 'binary_operator': {
			const op = node.childForFieldName('operator')?.text;
			return op === '+' || op === '%';
		}
		case 'call': {
			const callee = node.childForFieldName('function');
			const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
			return method === 'format' || method === 'join' || method === 'format_map';
		}
		default:
			return false;
	}
}

/**
 * The constant text a string-building expression starts with: `"https://api/" + x` → `https://api/`,
 * `f"/u/{x}"` → `/u/`. Identifiers are followed to their last assignment (a few steps deep).
 */
export function literalPrefix(node: Node | undefined, depth = 0): string {
	if (!node || depth > 4) {
		return '';
	}
	switch (node.type) {
		case 'string': {
			let out = '';
			for (const c of node.namedChildren) {
				if (c?.type === 'interpolation') {
					return out;
				}
				if (c?.type === 'string_content') {
					out += c.text;
				}
			}
			return out;
		}
		case 'concatenated_string':
		case 'parenthesized_expression':
			return literalPrefix(node.namedChildren[0] ?? undefined, depth + 1);
		case 'binary_operator': {
			const left = node.childForFieldName('left') ?? undefined;
			const prefix = literalPrefix(left, depth + 1);
			if (node.childForFieldName('operator')?.text === '%') {
				return prefix.split('%')[0];
			}
			const whole = constantText(left, depth + 1);
			return whole !== undefined ? whole + literalPrefix(node.childForFieldName('right') ?? undefined, depth + 1) : prefix;
		}
		case 'call': {
			const callee = node.childForFieldName('function');
			if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'format') {
				return literalPrefix(callee.childForFieldName('object') ?? undefined, depth + 1).split('{')[0];
			}
			return '';
		}
		case 'identifier': {
			const value = resolveLocal(node);
			return value ? literalPrefix(value, depth + 1) : '';
		}
		default:
			return '';
	}
}

/** The full text of a constant string expression: literals, `+` of constants, and names bound to them. */
export function constantText(node: Node | undefined, depth = 0): string | undefined {
	if (!node || depth > 4) {
		return undefined;
	}
	switch (node.type) {
		case 'identifier': {
			const value = resolveLocal(node);
			return value ? constantText(value, depth + 1) : undefined;
		}
		case 'parenthesized_expression':
			return constantText(node.namedChildren[0] ?? undefined, depth + 1);
		case 'binary_operator': {
			if (node.childForFieldName('operator')?.text !== '+') {
				return undefined;
			}
			const left = constantText(node.childForFieldName('left') ?? undefined, depth + 1);
			const right = left === undefined ? undefined : constantText(node.childForFieldName('right') ?? undefined, depth + 1);
			return left !== undefined && right !== undefined ? left + right : undefined;
		}
		default:
			return stringValue(node);
	}
}

/** Shannon entropy of a string in bits per character. */
export function entropy(text: string): number {
	if (text.length === 0) {
		return 0;
	}
	const counts = new Map<string, number>();
	for (const c of text) {
		counts.set(c, (counts.get(c) ?? 0) + 1);
	}
	let bits = 0;
	for (const n of counts.values()) {
		const p = n / text.length;
		bits -= p * Math.log2(p);
	}
	return bits;
}
