import { createHash } from 'node:crypto';
import type { Node } from 'web-tree-sitter';
import type { Finding, Position, Range } from './types';

/** A finding before suppressions and fingerprints are applied (they depend on the whole file). */
export type RawFinding = Omit<Finding, 'fingerprint' | 'suppression'>;

/** Where a top-level statement sits in the current text. */
export interface StatementSpan {
	readonly startIndex: number;
	readonly endIndex: number;
	readonly start: Position;
	readonly key: string;
}

const maxEntries = 50_000;

/**
 * Findings per top-level statement, keyed by the statement's text and the file's module-level
 * context (imports and non-function declarations). An edit re-analyses only the statements whose
 * text changed, as long as the context did not change; positions are stored relative to the
 * statement, so statements that merely moved are reused.
 */
export class StatementCache {
	private readonly entries = new Map<string, readonly RawFinding[]>();

	get(key: string): readonly RawFinding[] | undefined {
		const hit = this.entries.get(key);
		if (hit) {
			this.entries.delete(key);
			this.entries.set(key, hit);
		}
		return hit;
	}

	set(key: string, findings: readonly RawFinding[]): void {
		if (this.entries.size >= maxEntries) {
			const oldest = this.entries.keys().next().value;
			if (oldest !== undefined) {
				this.entries.delete(oldest);
			}
		}
		this.entries.set(key, findings);
	}
}

const functionValue = new Set(['arrow_function', 'function_expression', 'function', 'class', 'generator_function', 'lambda']);
const assignmentTypes = new Set(['assignment_expression', 'augmented_assignment_expression', 'assignment', 'augmented_assignment']);

/** The module-level text other statements' analysis may depend on (bodies of functions excluded). */
export function contextOf(statements: readonly Node[], imports: ReadonlyMap<string, string>, optionsKey: string): string {
	const hash = createHash('sha1').update(optionsKey).update('\u0000').update(JSON.stringify([...imports]));
	for (const s of statements) {
		const text = contextText(s);
		if (text !== undefined) {
			hash.update('\u0000').update(text);
		}
	}
	return hash.digest('hex');
}

/** A value's text, or only its kind when it is a function or class (its body binds nothing outside). */
function valueText(node: Node | null): string {
	return !node ? '' : functionValue.has(node.type) ? node.type : node.text;
}

/** What a top-level statement binds for the rest of the module, or undefined when it binds nothing. */
function contextText(node: Node): string | undefined {
	switch (node.type) {
		case 'import_statement':
		case 'import_from_statement':
		case 'future_import_statement':
			return node.text;
		case 'export_statement': {
			const inner = node.childForFieldName('declaration');
			return inner ? contextText(inner) : node.text;
		}
		case 'lexical_declaration':
		case 'variable_declaration':
			return node.namedChildren
				.filter((d): d is Node => d?.type === 'variable_declarator')
				.map((d) => `${d.childForFieldName('name')?.text ?? ''}=${valueText(d.childForFieldName('value'))}`)
				.join(';');
		case 'expression_statement': {
			const expression = node.namedChildren[0];
			if (!expression || !assignmentTypes.has(expression.type)) {
				return undefined;
			}
			return `${expression.childForFieldName('left')?.text ?? ''}=${valueText(expression.childForFieldName('right'))}`;
		}
		default:
			return undefined;
	}
}

export function spansOf(statements: readonly Node[], context: string): StatementSpan[] {
	return statements.map((s) => ({
		startIndex: s.startIndex,
		endIndex: s.endIndex,
		start: { line: s.startPosition.row, character: s.startPosition.column },
		key: createHash('sha1').update(context).update('\u0000').update(s.text).digest('hex'),
	}));
}

/** The span that contains [start, end), by binary search over spans sorted by position. */
export function spanContaining(spans: readonly StatementSpan[], start: number, end: number): number {
	let lo = 0;
	let hi = spans.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const s = spans[mid];
		if (end <= s.startIndex && start < s.startIndex) {
			hi = mid - 1;
		} else if (start >= s.endIndex) {
			lo = mid + 1;
		} else {
			return start >= s.startIndex && end <= s.endIndex ? mid : -1;
		}
	}
	return -1;
}

function shiftPosition(p: Position, origin: Position, sign: 1 | -1): Position {
	if (sign === -1) {
		return p.line === origin.line ? { line: 0, character: p.character - origin.character } : { line: p.line - origin.line, character: p.character };
	}
	return p.line === 0 ? { line: origin.line, character: p.character + origin.character } : { line: p.line + origin.line, character: p.character };
}

function shiftRange(r: Range, origin: Position, sign: 1 | -1): Range {
	return { start: shiftPosition(r.start, origin, sign), end: shiftPosition(r.end, origin, sign) };
}

/** Moves a finding between absolute positions and positions relative to a statement's start. */
export function shiftFinding(f: RawFinding, span: Pick<StatementSpan, 'startIndex' | 'start'>, sign: 1 | -1): RawFinding {
	const delta = sign * span.startIndex;
	return {
		...f,
		range: shiftRange(f.range, span.start, sign),
		startIndex: f.startIndex + delta,
		endIndex: f.endIndex + delta,
		...(f.taint ? { taint: f.taint.map((step) => ({ ...step, range: shiftRange(step.range, span.start, sign) })) } : {}),
		...(f.fix ? { fix: { ...f.fix, edits: f.fix.edits.map((e) => ({ ...e, startIndex: e.startIndex + delta, endIndex: e.endIndex + delta })) } } : {}),
	};
}

/** Whether every position a finding refers to lies inside the statement (else it cannot be cached). */
export function isSelfContained(f: RawFinding, span: StatementSpan, endPosition: Position): boolean {
	const inside = (r: Range) =>
		(r.start.line > span.start.line || (r.start.line === span.start.line && r.start.character >= span.start.character)) &&
		(r.end.line < endPosition.line || (r.end.line === endPosition.line && r.end.character <= endPosition.character));
	return (f.taint ?? []).every((s) => inside(s.range)) && (f.fix?.edits ?? []).every((e) => e.startIndex >= span.startIndex && e.endIndex <= span.endIndex);
}
