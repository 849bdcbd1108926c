import type { Node } from 'web-tree-sitter';
import type { MatchContext } from '../../rule';
import type { Fix } from '../../types';
import { argumentsOf, unescapeJs } from './jsHelpers';
import { sqlContext } from './sqlSink';

type Part = { readonly literal: string } | { readonly value: Node };

/** Splits `'a' + x + 'b'` or `` `a${x}b` `` into literal text and value expressions. */
function partsOf(node: Node): Part[] | undefined {
	switch (node.type) {
		case 'string':
			return [{ literal: unescapeJs(node.text.slice(1, -1)) }];
		case 'template_string': {
			const parts: Part[] = [];
			let literal = '';
			for (const c of node.namedChildren) {
				if (c?.type === 'template_substitution') {
					parts.push({ literal });
					literal = '';
					const inner = c.namedChildren[0];
					if (!inner) {
						return undefined;
					}
					parts.push({ value: inner });
				} else if (c) {
					literal += c.type === 'escape_sequence' ? unescapeJs(c.text) : c.text;
				}
			}
			parts.push({ literal });
			return parts;
		}
		case 'binary_expression': {
			const left = node.childForFieldName('left');
			const right = node.childForFieldName('right');
			if (node.childForFieldName('operator')?.text !== '+' || !left || !right) {
				return undefined;
			}
			const l = left.type === 'string' || left.type === 'template_string' || left.type === 'binary_expression' ? partsOf(left) : [{ value: left }];
			const r = right.type === 'string' || right.type === 'template_string' ? partsOf(right) : [{ value: right }];
			return l && r ? [...l, ...r] : undefined;
		}
		default:
			return undefined;
	}
}

/** SQL text just before a bound value must end in an operator or keyword that takes a value. */
const valuePosition = /(=|<|>|\(|,|\bLIKE|\bIN|\bVALUES|\bLIMIT|\bOFFSET|\bAND|\bOR|\bBETWEEN|\bTHEN|\bELSE|\bWHEN|\bIS|\bNOT)\s*$/i;

/** The SQL driver a file uses, judged from its imports: `?` for MySQL, `$n` for PostgreSQL. */
export function placeholderStyle(imports: ReadonlyMap<string, string>): 'mysql' | 'pg' | undefined {
	for (const module of imports.values()) {
		if (/^(mysql|mysql2)(\/promise)?(\.|$)/.test(module)) {
			return 'mysql';
		}
		if (/^(pg|postgres|@vercel\/postgres|@neondatabase\/serverless)(\.|$)/.test(module)) {
			return 'pg';
		}
	}
	return undefined;
}

function literalFor(text: string, template: boolean): string {
	if (template || text.includes('\n')) {
		return '`' + text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
	}
	const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
	return quote + text.replace(/\\/g, '\\\\').split(quote).join('\\' + quote) + quote;
}

/**
 * Rewrites `conn.query('… id = ' + id)` to `conn.query('… id = ?', [id])` (or `$1` for pg).
 * Gives up when a value sits where SQL needs an identifier, or inside a LIKE pattern.
 */
export function parameterizeFix(match: MatchContext): Fix | undefined {
	const ctx = sqlContext(match);
	if (!ctx) {
		return undefined;
	}
	const call = ctx.node;
	const method = ctx.text('fn');
	const sql = ctx.captures.get('sql');
	const style = placeholderStyle(ctx.imports);
	const args = argumentsOf(call);
	if (!sql || !style || (method !== 'query' && method !== 'execute') || args[0]?.id !== sql.id) {
		return undefined;
	}
	if (args.length > 2 || (args.length === 2 && !/^(arrow_function|function_expression|function|identifier)$/.test(args[1].type))) {
		return undefined;
	}
	const parts = partsOf(sql);
	if (!parts || !parts.some((p) => 'value' in p)) {
		return undefined;
	}
	let text = '';
	const values: string[] = [];
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i];
		if ('literal' in part) {
			text += part.literal;
			continue;
		}
		const next = parts[i + 1];
		let after = next && 'literal' in next ? next.literal : '';
		const quote = /['"]$/.exec(text)?.[0];
		if (quote) {
			if (!after.startsWith(quote)) {
				return undefined;
			}
			text = text.slice(0, -1);
			after = after.slice(1);
		}
		if (!valuePosition.test(text) || /^[\w'"%]/.test(after)) {
			return undefined;
		}
		values.push(part.value.text);
		text += style === 'mysql' ? '?' : `$${values.length}`;
		if (next && 'literal' in next) {
			parts[i + 1] = { literal: after };
		}
	}
	const newText = `${literalFor(text, sql.type === 'template_string')}, [${values.join(', ')}]`;
	return {
		title: `Use a parameterized query (${style === 'mysql' ? '?' : '$1'} placeholders)`,
		edits: [{ startIndex: sql.startIndex, endIndex: sql.endIndex, newText }],
	};
}
