import type { Node } from 'web-tree-sitter';

/** How a value is built: literal text plus the expressions interpolated into it. */
export interface StringShape {
	readonly isString: boolean;
	/** The literal parts, concatenated (what a query or HTML test looks at). */
	readonly staticText: string;
	/** Expressions spliced into the string: template substitutions, `+` operands, f-string fields. */
	readonly interpolated: readonly Node[];
}

export type Resolver = (name: string) => Node | undefined;

const notString: StringShape = { isString: false, staticText: '', interpolated: [] };

function literalBody(text: string): string {
	return text.replace(/^[rbufRBUF]*('''|"""|'|"|`)/, '').replace(/('''|"""|'|"|`)$/, '');
}

/** The shape of a string-valued expression, following local variables through `resolve`. */
export function shapeOf(node: Node | null | undefined, resolve: Resolver = () => undefined, depth = 0): StringShape {
	if (!node || depth > 4) {
		return notString;
	}
	switch (node.type) {
		case 'string': {
			const fields = node.namedChildren.filter((c): c is Node => c?.type === 'interpolation');
			if (fields.length === 0) {
				return { isString: true, staticText: literalBody(node.text), interpolated: [] };
			}
			let text = node.text;
			for (const f of fields) {
				text = text.replace(f.text, '');
			}
			return { isString: true, staticText: literalBody(text), interpolated: fields.map((f) => f.namedChildren[0] ?? f) };
		}
		case 'template_string': {
			const subs = node.namedChildren.filter((c): c is Node => c?.type === 'template_substitution');
			let text = node.text;
			for (const s of subs) {
				text = text.replace(s.text, '');
			}
			return { isString: true, staticText: literalBody(text), interpolated: subs.map((s) => s.namedChildren[0] ?? s) };
		}
		case 'concatenated_string': {
			const parts = node.namedChildren.map((c) => shapeOf(c, resolve, depth + 1));
			return { isString: true, staticText: parts.map((p) => p.staticText).join(''), interpolated: parts.flatMap((p) => p.interpolated) };
		}
		case 'parenthesized_expression':
			return shapeOf(node.namedChildren[0], resolve, depth);
		case 'binary_expression':
		case 'binary_operator': {
			const op = node.childForFieldName('operator')?.text ?? '';
			if (op !== '+' && op !== '%') {
				return notString;
			}
			const left = node.childForFieldName('left');
			const right = node.childForFieldName('right');
			const l = shapeOf(left, resolve, depth + 1);
			const r = op === '%' ? notString : shapeOf(right, resolve, depth + 1);
			if (!l.isString && !r.isString) {
				return notString;
			}
			const spliced = (side: StringShape, n: Node | null): readonly Node[] => (side.isString ? side.interpolated : n && !/^(number|integer|float)$/.test(n.type) ? [n] : []);
			return {
				isString: true,
				staticText: l.staticText + r.staticText,
				interpolated: [...spliced(l, left), ...(op === '%' ? (right ? [right] : []) : spliced(r, right))],
			};
		}
		case 'call': {
			// Python `"…{}".format(x)`.
			const fn = node.childForFieldName('function');
			if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format') {
				const base = shapeOf(fn.childForFieldName('object'), resolve, depth + 1);
				const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => c !== null) ?? [];
				return base.isString ? { isString: true, staticText: base.staticText, interpolated: [...base.interpolated, ...args] } : notString;
			}
			return notString;
		}
		case 'identifier': {
			const value = resolve(node.text);
			return value && value !== node ? shapeOf(value, resolve, depth + 1) : notString;
		}
		default:
			return notString;
	}
}
