// Reads the API signatures of a design (`login(db: Database, creds: Credentials): Promise<Session>`,
// `interface User { id: string; role: Role }`, `class AuthService`, Python `def f(a: int) -> str`)
// into what the cross-file checks need: kind, parameter list and the named types it mentions.

export interface ApiSignature {
	name: string;
	signature: string;
	description?: string;
	exported: boolean;
}

export type SymbolKind = 'function' | 'class' | 'interface' | 'type' | 'const' | 'enum';

export interface ParsedParameter {
	name: string;
	type: string;
}

export interface ParsedSymbol {
	name: string;
	kind: SymbolKind;
	exported: boolean;
	/** Only for functions and methods. */
	params?: ParsedParameter[];
	/** Capitalised, non-builtin type names the signature uses (never the symbol's own name). */
	typeRefs: string[];
}

/** Types every file can use without a dependency: language, runtime and common framework types. */
export const BUILTIN_TYPES: ReadonlySet<string> = new Set([
	'Promise', 'Array', 'ReadonlyArray', 'Record', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Date', 'Error', 'RegExp', 'Partial', 'Required',
	'Readonly', 'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable', 'ReturnType', 'Parameters', 'Awaited', 'Buffer', 'Uint8Array',
	'Object', 'String', 'Number', 'Boolean', 'Function', 'Symbol', 'BigInt', 'Iterable', 'AsyncIterable', 'Iterator', 'JSON',
	'Request', 'Response', 'NextFunction', 'RequestHandler', 'Router', 'Express', 'Application', 'Server', 'IncomingMessage',
	'ServerResponse', 'AbortSignal', 'URL', 'Headers', 'Optional', 'List', 'Dict', 'Tuple', 'Any', 'None', 'Union', 'Callable',
	'Awaitable', 'Sequence', 'Mapping', 'Iterator', 'Generator', 'AsyncGenerator', 'Bytes', 'True', 'False', 'T', 'K', 'V',
]);

const openers: Record<string, string> = { '(': ')', '<': '>', '[': ']', '{': '}' };

/** Splits on top-level commas (not inside brackets). */
export function splitTopLevel(text: string, separator = ','): string[] {
	const parts: string[] = [];
	const stack: string[] = [];
	let current = '';
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (openers[ch]) {
			stack.push(openers[ch]);
		} else if (stack.length > 0 && ch === stack[stack.length - 1] && !(ch === '>' && text[i - 1] === '=')) {
			stack.pop();
		} else if (ch === separator && stack.length === 0) {
			parts.push(current);
			current = '';
			continue;
		}
		current += ch;
	}
	parts.push(current);
	return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Index of the bracket closing the one at `start`, or -1. */
function matching(text: string, start: number): number {
	let depth = 0;
	for (let i = start; i < text.length; i++) {
		if (text[i] === '(') {
			depth++;
		} else if (text[i] === ')') {
			depth--;
			if (depth === 0) {
				return i;
			}
		}
	}
	return -1;
}

function parseParameter(text: string): ParsedParameter | undefined {
	const withoutDefault = splitTopLevel(text, '=')[0] ?? text;
	const colon = withoutDefault.indexOf(':');
	const rawName = (colon < 0 ? withoutDefault : withoutDefault.slice(0, colon)).trim().replace(/^\.\.\./, '').replace(/\?$/, '');
	if (rawName === 'self' || rawName === 'cls' || rawName === '' || rawName === '*' || rawName === '/') {
		return undefined;
	}
	return { name: rawName, type: colon < 0 ? 'unknown' : withoutDefault.slice(colon + 1).trim() };
}

function kindOf(signature: string): SymbolKind {
	const head = signature.trim().replace(/^(export\s+)?(default\s+)?(declare\s+)?(abstract\s+)?/, '');
	if (/^class\b/.test(head)) {
		return 'class';
	}
	if (/^interface\b/.test(head)) {
		return 'interface';
	}
	if (/^type\b/.test(head)) {
		return 'type';
	}
	if (/^enum\b/.test(head)) {
		return 'enum';
	}
	if (/^(const|let|var)\b/.test(head) || !head.includes('(')) {
		return 'const';
	}
	return 'function';
}

/** Capitalised identifiers in `text`, minus builtins and `own`. */
export function typeReferences(text: string, own: string): string[] {
	const withoutStrings = text.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, ' ');
	const refs = new Set<string>();
	for (const match of withoutStrings.matchAll(/(?<![\w.$])([A-Z][A-Za-z0-9_]*)/g)) {
		const name = match[1]!;
		if (name !== own && !BUILTIN_TYPES.has(name) && name !== own.split('.')[0]) {
			refs.add(name);
		}
	}
	return [...refs].sort();
}

export function parseSignature(api: ApiSignature): ParsedSymbol {
	const kind = kindOf(api.signature);
	const symbol: ParsedSymbol = { name: api.name, kind, exported: api.exported, typeRefs: [] };
	let typeText = api.signature;
	if (kind === 'function') {
		const open = api.signature.indexOf('(');
		const close = matching(api.signature, open);
		const inner = close < 0 ? api.signature.slice(open + 1) : api.signature.slice(open + 1, close);
		symbol.params = splitTopLevel(inner)
			.map(parseParameter)
			.filter((p): p is ParsedParameter => p !== undefined);
		typeText = [...symbol.params.map((p) => p.type), close < 0 ? '' : api.signature.slice(close + 1)].join(' ');
	} else if (kind === 'class' || kind === 'interface' || kind === 'type' || kind === 'enum') {
		// Skip the keyword and the declared name itself.
		typeText = api.signature.replace(/^\s*(export\s+)?(default\s+)?(abstract\s+)?(class|interface|type|enum)\s+[A-Za-z_$][\w$]*/, ' ');
	}
	symbol.typeRefs = typeReferences(typeText, api.name);
	return symbol;
}
