import { isDocument, LineCounter, parseDocument as parseYaml, stringify } from 'yaml';
import type { z } from 'zod';
import { canonicalJson } from './canonicalJson';
import { StoreCorruptFileError, StoreInvalidFileError, type SchemaProblem } from './errors';

const formatPath = (path: readonly PropertyKey[]): string =>
	path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');

/**
 * Parses and validates a YAML document. Syntax errors and schema errors both name the file and
 * the line (for a schema error: of the offending value, or of its nearest existing parent).
 */
export function parseYamlDocument<S extends z.ZodType>(file: string, text: string, schema: S, upgrade?: (doc: Record<string, unknown>) => Record<string, unknown>): z.infer<S> {
	if (text.trim() === '') {
		throw new StoreCorruptFileError(file, 'the file is empty', undefined, undefined, 'YAML');
	}
	const lineCounter = new LineCounter();
	const doc = parseYaml(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
	const first = doc.errors[0];
	if (first) {
		const at = lineCounter.linePos(first.pos[0]);
		throw new StoreCorruptFileError(file, first.message.split('\n')[0]!, at?.line, at?.col, 'YAML');
	}
	let raw: unknown = doc.toJS({ maxAliasCount: 100 });
	if (upgrade && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
		raw = upgrade(raw as Record<string, unknown>);
	}
	const result = schema.safeParse(raw);
	if (!result.success) {
		const problems: SchemaProblem[] = result.error.issues.map((i) => {
			const keys = i.path.filter((k): k is string | number => typeof k !== 'symbol');
			let at: { line: number; col: number } | undefined;
			for (let n = keys.length; n >= 0 && !at; n--) {
				const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
				const range = node && typeof node === 'object' && 'range' in node && !isDocument(node) ? (node.range as [number, number, number] | undefined) : undefined;
				at = range ? lineCounter.linePos(range[0]) : undefined;
			}
			return { path: formatPath(i.path), message: i.message, line: at?.line, column: at?.col };
		});
		throw new StoreInvalidFileError(file, problems);
	}
	return result.data;
}

/** Deterministic YAML: the canonical key order of the JSON form, no line wrapping. */
export function toYamlText(value: unknown, header?: string): string {
	const body = stringify(JSON.parse(canonicalJson(value)), { lineWidth: 0, aliasDuplicateObjects: false });
	return header ? `${header.split('\n').map((l) => `# ${l}`).join('\n')}\n${body}` : body;
}
