import type { Node } from 'web-tree-sitter';
import type { VulnClass } from '../types';
import { anywhere, type Assignment, type Flow, type TaintLanguage, walkScope } from './taintTracker';

const scopeTypes = new Set(['module', 'function_definition', 'lambda']);

/** Flask, Django, FastAPI/Starlette request data; argv; interactive input. */
const sourcePatterns: ReadonlyArray<[RegExp, string]> = [
	[/^request\.(args|form|values|json|data|files|cookies|headers|get_json|get_data|GET|POST|FILES|COOKIES|META|body|query_params|path_params|url|full_path|path|stream)$/, 'the HTTP request'],
	[/^self\.request\.(GET|POST|body|query_params|data|args|arguments)$/, 'the HTTP request'],
	// aiohttp: request.match_info / request.query / await request.post(); Tornado handler accessors.
	[/^request\.(match_info|query|rel_url|post|text|content|read)$/, 'the HTTP request'],
	[/^self\.get_(argument|arguments|query_argument|query_arguments|body_argument|body_arguments|cookie)$/, 'the HTTP request'],
	[/^sys\.argv$/, 'command-line arguments'],
	[/^\w+\.parse_args$/, 'command-line arguments'],
	[/^(input|raw_input)$/, 'interactive input'],
];

/** Finds in a file's text anything a source pattern could accept. */
const possibleSource = anywhere(sourcePatterns.map(([pattern]) => pattern));

const routeDecorator = /\.(route|get|post|put|patch|delete|websocket|api_route)\s*\(/;
const nonSourceParameters = new Set(['self', 'cls', 'request', 'db', 'session', 'background_tasks', 'current_user', 'user']);

const scalarTypes = /^(int|float|bool|UUID|uuid\.UUID|date|datetime|Decimal)$/;
const djangoModules = new WeakMap<object, boolean>();

/** A Django view: a module-level or method function taking `request` first, in a file that imports Django; its other parameters are URL captures. */
function isDjangoView(scope: Node, parameters: readonly Node[]): boolean {
	const first = parameters[0]?.text === 'self' ? parameters[1] : parameters[0];
	if (first?.text !== 'request') {
		return false;
	}
	const tree = scope.tree;
	let django = djangoModules.get(tree);
	if (django === undefined) {
		django = /^\s*(from|import)\s+(django|rest_framework)\b/m.test(tree.rootNode.text);
		djangoModules.set(tree, django);
	}
	return django;
}

const universalSanitizers = /^(int|float|bool|len|uuid\.UUID|UUID|abs|round|ord|hash)$/;

const classSanitizers: Partial<Record<VulnClass, RegExp>> = {
	'command-injection': /^(shlex\.quote|pipes\.quote|quote|shlex\.split)$/,
	'path-traversal': /^(os\.path\.basename|basename|secure_filename|werkzeug\.utils\.secure_filename|safe_join|werkzeug\.utils\.safe_join|werkzeug\.security\.safe_join|flask\.helpers\.safe_join)$/,
	// Escapers, autoescaping renderers, and markup constructors (those are sinks reported where they are called).
	xss: /^(escape|html\.escape|markupsafe\.escape|bleach\.clean|nh3\.clean|cgi\.escape|flask\.escape|django\.utils\.html\.escape|conditional_escape|escape_html|format_html|render_template|render_template_string|render_to_string|render|(markupsafe\.|flask\.)?Markup|mark_safe|SafeString)$/,
	'sql-injection': /^(\w+\.escape_string|escape_string|\w+\.literal|sql\.Literal|sql\.Identifier|quote_ident)$/,
	'open-redirect': /^(url_for|reverse|quote|urllib\.parse\.quote)$/,
	ssrf: /^(quote|urllib\.parse\.quote)$/,
	'code-injection': /^(ast\.literal_eval|json\.dumps|repr)$/,
	redos: /^(re\.escape|regex\.escape)$/,
};

const fileReaders = /^(open|io\.open|codecs\.open|gzip\.open|bz2\.open|lzma\.open|aiofiles\.open)$/;
const pathReaders = new Set(['read_text', 'read_bytes']);

/** `Path(x).name` and friends keep only the last path component. */
const pathComponentAttributes = new Set(['name', 'stem', 'suffix']);
const pathConstructors = /^(pathlib\.)?(Path|PurePath|PurePosixPath|PureWindowsPath)$/;

export const pythonTaint: TaintLanguage = {
	scopeTypes,
	sourceOf(node) {
		let text: string;
		if (node.type === 'attribute') {
			text = node.text;
		} else if (node.type === 'call') {
			text = node.childForFieldName('function')?.text ?? '';
		} else if (node.type === 'subscript') {
			text = node.childForFieldName('value')?.text ?? '';
		} else {
			return undefined;
		}
		if (text.length > 80) {
			return undefined;
		}
		for (const [pattern, what] of sourcePatterns) {
			if (pattern.test(text)) {
				return what;
			}
		}
		return undefined;
	},
	mayHaveSources(text) {
		// Route parameters need a route decorator or a Django import somewhere in the file.
		return possibleSource.test(text) || routeDecorator.test(text) || /django|rest_framework/.test(text);
	},
	parameterSource(scope, name) {
		if (scope.type !== 'function_definition' || nonSourceParameters.has(name)) {
			return undefined;
		}
		const decorated = scope.parent?.type === 'decorated_definition' ? scope.parent : undefined;
		const route = decorated?.namedChildren.find((d) => d?.type === 'decorator' && routeDecorator.test(d.text));
		const parameters = (scope.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => p !== null);
		if (!route && !isDjangoView(scope, parameters)) {
			return undefined;
		}
		for (const p of parameters) {
			const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
			if (id?.text !== name) {
				continue;
			}
			// FastAPI dependencies and scalar-typed parameters (`item_id: int`, Flask `<int:item_id>`) carry no text.
			if (/Depends\s*\(/.test(p.text) || scalarTypes.test(p.childForFieldName('type')?.text ?? '')) {
				return undefined;
			}
			if (route && new RegExp(`<(int|float|uuid):${name}>`).test(route.text)) {
				return undefined;
			}
			return `the route parameter '${name}'`;
		}
		return undefined;
	},
	assignments(scope) {
		const out: Assignment[] = [];
		for (const node of walkScope(scope, scopeTypes)) {
			let left: Node | null = null;
			let right: Node | null = null;
			let augmented = false;
			switch (node.type) {
				case 'assignment':
					left = node.childForFieldName('left');
					right = node.childForFieldName('right');
					// `if not name: name = "default"` may not run: the earlier (possibly tainted) value flows on too.
					augmented = isConditional(node, scope);
					break;
				case 'augmented_assignment':
					left = node.childForFieldName('left');
					right = node.childForFieldName('right');
					augmented = true;
					break;
				case 'for_statement':
				case 'for_in_clause':
					left = node.childForFieldName('left');
					right = node.childForFieldName('right');
					break;
				case 'named_expression':
					left = node.childForFieldName('name');
					right = node.childForFieldName('value');
					break;
				case 'with_item': {
					const value = node.childForFieldName('value');
					if (value?.type === 'as_pattern') {
						left = value.childForFieldName('alias') ?? value.namedChildren.at(-1) ?? null;
						right = value.namedChildren[0] ?? null;
					}
					break;
				}
			}
			if (left && right) {
				for (const name of boundNames(left)) {
					out.push({ name, value: right, at: node, augmented });
				}
			}
		}
		return out;
	},
	flow(node, vulnClass) {
		switch (node.type) {
			case 'identifier':
				return { kind: 'variable', name: node.text };
			case 'attribute': {
				const object = node.childForFieldName('object');
				if (
					vulnClass === 'path-traversal' &&
					pathComponentAttributes.has(node.childForFieldName('attribute')?.text ?? '') &&
					object?.type === 'call' &&
					pathConstructors.test(object.childForFieldName('function')?.text ?? '')
				) {
					return { kind: 'sanitized' };
				}
				return propagate(object);
			}
			case 'subscript':
				return propagate(node.childForFieldName('value'));
			case 'parenthesized_expression':
			case 'await':
			case 'list':
			case 'tuple':
			case 'set':
			case 'expression_list':
			case 'concatenated_string':
			case 'interpolation':
			case 'list_splat':
			case 'dictionary_splat':
			case 'as_pattern_target':
				return propagate(...node.namedChildren);
			case 'keyword_argument':
				return propagate(node.childForFieldName('value'));
			case 'pair':
				return propagate(node.childForFieldName('value'));
			case 'dictionary':
				return propagate(...node.namedChildren.map((c) => (c?.type === 'pair' ? c.childForFieldName('value') : c)));
			case 'list_comprehension':
			case 'generator_expression':
			case 'set_comprehension':
			case 'dictionary_comprehension':
				return propagate(node.childForFieldName('body'), ...node.namedChildren.filter((c) => c?.type === 'for_in_clause').map((c) => c?.childForFieldName('right')));
			case 'binary_operator':
				// `Markup("<b>%s</b>") % value` escapes the value.
				if (vulnClass === 'xss' && node.childForFieldName('operator')?.text === '%' && isMarkup(node.childForFieldName('left'))) {
					return { kind: 'sanitized' };
				}
				return propagate(node.childForFieldName('left'), node.childForFieldName('right'));
			case 'boolean_operator':
				return propagate(node.childForFieldName('left'), node.childForFieldName('right'));
			case 'conditional_expression':
				return propagate(node.namedChildren[0], node.namedChildren[2]);
			case 'string':
				return propagate(...node.namedChildren.filter((c) => c?.type === 'interpolation'));
			case 'call': {
				const callee = node.childForFieldName('function');
				const name = callee?.text ?? '';
				if (universalSanitizers.test(name) || classSanitizers[vulnClass]?.test(name)) {
					return { kind: 'sanitized' };
				}
				// `Markup("<b>{}</b>").format(value)` escapes the value.
				if (vulnClass === 'xss' && callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'format' && isMarkup(callee.childForFieldName('object'))) {
					return { kind: 'sanitized' };
				}
				// Whoever chooses a path does not choose the file's contents: `open(user_path).read()` is not user data.
				if (fileReaders.test(name) || (callee?.type === 'attribute' && pathReaders.has(callee.childForFieldName('attribute')?.text ?? ''))) {
					return { kind: 'opaque' };
				}
				const args = node.childForFieldName('arguments')?.namedChildren ?? [];
				const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
				return propagate(receiver, ...args);
			}
			default:
				return { kind: 'opaque' };
		}
	},
};

function isMarkup(node: Node | null): boolean {
	return node?.type === 'call' && /^(markupsafe\.|flask\.)?Markup$/.test(node.childForFieldName('function')?.text ?? '') && isConstantString(node.childForFieldName('arguments')?.namedChildren[0] ?? null);
}

function isConstantString(node: Node | null): boolean {
	return node?.type === 'string' && !node.namedChildren.some((c) => c?.type === 'interpolation');
}

/** Blocks that may be skipped: an assignment inside one does not replace the variable's earlier value on every path. */
const conditionalBlocks = new Set(['if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause', 'for_statement', 'while_statement', 'case_clause']);

function isConditional(node: Node, scope: Node): boolean {
	for (let p = node.parent; p && !p.equals(scope); p = p.parent) {
		if (conditionalBlocks.has(p.type)) {
			return true;
		}
	}
	return false;
}

function propagate(...nodes: Array<Node | null | undefined>): Flow {
	return { kind: 'propagate', from: nodes.filter((n): n is Node => n !== null && n !== undefined) };
}

function boundNames(target: Node): string[] {
	switch (target.type) {
		case 'identifier':
			return [target.text];
		case 'pattern_list':
		case 'tuple_pattern':
		case 'list_pattern':
		case 'tuple':
		case 'list':
		case 'as_pattern_target':
		case 'parenthesized_expression':
			return target.namedChildren.flatMap((c) => (c ? boundNames(c) : []));
		default:
			return [];
	}
}
