import type { Node } from 'web-tree-sitter';
import type { VulnClass } from '../types';
import { anywhere, type Assignment, type Flow, type TaintLanguage, walkScope } from './taintTracker';

/** Node types that open a function scope (the program counts as the outermost one). */
export const scopeTypes: ReadonlySet<string> = new Set([
	'program',
	'function_declaration',
	'function_expression',
	'function',
	'arrow_function',
	'method_definition',
	'generator_function_declaration',
	'generator_function',
]);

/** Request data in Express, Koa, Next.js and Node's http; argv; browser URL state. */
const sourcePatterns: ReadonlyArray<[RegExp, string]> = [
	[/^(req|request)\.(query|body|params|headers|cookies|signedCookies|url|originalUrl|path|files?|hostname|ip)$/, 'the HTTP request'],
	[/^(req|request)\.(param|get|header)$/, 'the HTTP request'],
	[/^(req|request)\.nextUrl\.searchParams$/, 'the HTTP request'],
	[/^ctx\.(query|params|querystring|headers|url|path|request\.(body|query|headers|url))$/, 'the HTTP request'],
	[/^process\.argv$/, 'command-line arguments'],
	[/^(window\.|document\.)?location\.(hash|search|href|pathname)$/, 'the page URL'],
	[/^document\.(URL|documentURI|referrer|cookie)$/, 'the document'],
	[/^(event|e|evt|msg|message)\.data$/, 'a posted message'],
	[/^event\.(body|queryStringParameters|multiValueQueryStringParameters|pathParameters|headers)$/, 'the Lambda event'],
	[/^router\.(query|asPath)$/, 'the page URL'],
];

/** Calls whose result is untrusted: fetch-style request bodies and router hooks. */
const sourceCalls: ReadonlyArray<[RegExp, string]> = [
	[/^(req|request)\.(json|formData|text)$/, 'the HTTP request'],
	[/^(useSearchParams|useParams)$/, 'the page URL'],
];

/** Finds in a file's text anything a source pattern could accept (parameters are never sources here). */
const possibleSource = anywhere([...sourcePatterns, ...sourceCalls].map(([pattern]) => pattern));

/** Calls that make data safe for every class (numbers, booleans, lengths). */
const universalSanitizers = /^(parseInt|parseFloat|Number|Boolean|Math\.\w+|Number\.parseInt|Number\.parseFloat|isNaN|uuidValidate|validator\.is\w+)$/;

const classSanitizers: Partial<Record<VulnClass, RegExp>> = {
	'command-injection': /^(shellEscape|shellescape|shellQuote\.quote|quote|escapeShellArg)$/,
	'path-traversal': /^(path\.basename|basename|sanitizeFilename|sanitize)$/,
	xss: /^(escape|escapeHtml|_\.escape|he\.encode|he\.escape|validator\.escape|DOMPurify\.sanitize|purify\.sanitize|sanitizeHtml|xss|xssFilters\.\w+|encodeURIComponent|encodeURI|htmlEscape)$/,
	'sql-injection': /^(\w+\.escape|escape|mysql\.escape|SqlString\.escape|pgFormat|format\.literal|escapeLiteral|\w+\.escapeLiteral|\w+\.escapeId)$/,
	'nosql-injection': /^(String|mongoSanitize\.sanitize|sanitize|ObjectId|\w+\.ObjectId|\w+\.Types\.ObjectId|\w+\.ObjectId\.createFromHexString|[\s\S]+\.(toString|toLowerCase|toUpperCase|trim))$/,
	'open-redirect': /^(encodeURIComponent)$/,
	ssrf: /^(encodeURIComponent)$/,
	'code-injection': /^(JSON\.stringify)$/,
	redos: /^(_\.escapeRegExp|escapeRegExp|escapeStringRegexp|escapeRegex|escapeRegExpString|lodash\.escapeRegExp|RegExp\.escape)$/,
};

const opaqueOperators = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=', 'instanceof', 'in']);

export const javascriptTaint: TaintLanguage = {
	scopeTypes,
	sourceOf(node) {
		if (node.type === 'call_expression') {
			const callee = node.childForFieldName('function')?.text ?? '';
			return sourceCalls.find(([pattern]) => pattern.test(callee))?.[1];
		}
		if (node.type !== 'member_expression' && node.type !== 'subscript_expression' && node.type !== 'identifier') {
			return undefined;
		}
		const text = node.type === 'subscript_expression' ? (node.childForFieldName('object')?.text ?? '') : node.text;
		if (text.length > 80) {
			return undefined;
		}
		for (const [pattern, what] of sourcePatterns) {
			if (pattern.test(text)) {
				return what === 'a posted message' && !inMessageHandler(node) ? undefined : what;
			}
		}
		return undefined;
	},
	parameterSource() {
		return undefined;
	},
	mayHaveSources(text) {
		return possibleSource.test(text);
	},
	assignments(scope) {
		const out: Assignment[] = [];
		for (const node of walkScope(scope, scopeTypes)) {
			switch (node.type) {
				case 'variable_declarator': {
					const name = node.childForFieldName('name');
					const value = node.childForFieldName('value');
					if (name && value) {
						for (const id of boundNames(name)) {
							out.push({ name: id, value, at: node, augmented: false });
						}
					}
					break;
				}
				case 'assignment_expression':
				case 'augmented_assignment_expression': {
					const left = node.childForFieldName('left');
					const right = node.childForFieldName('right');
					if (left && right) {
						for (const id of boundNames(left)) {
							out.push({ name: id, value: right, at: node, augmented: node.type === 'augmented_assignment_expression' });
						}
					}
					break;
				}
				case 'for_in_statement': {
					const left = node.childForFieldName('left');
					const right = node.childForFieldName('right');
					if (left && right) {
						for (const id of boundNames(left)) {
							out.push({ name: id, value: right, at: left, augmented: false });
						}
					}
					break;
				}
			}
		}
		return out;
	},
	flow(node, vulnClass) {
		switch (node.type) {
			case 'identifier':
			case 'shorthand_property_identifier':
				return { kind: 'variable', name: node.text };
			case 'member_expression':
			case 'subscript_expression':
				return propagate(node.childForFieldName('object'));
			case 'parenthesized_expression':
			case 'await_expression':
			case 'as_expression':
			case 'satisfies_expression':
			case 'non_null_expression':
			case 'type_assertion':
			case 'spread_element':
			case 'template_substitution':
			case 'sequence_expression':
				return propagate(...node.namedChildren);
			case 'binary_expression': {
				const operator = node.childForFieldName('operator')?.text ?? '';
				if (opaqueOperators.has(operator)) {
					return { kind: 'opaque' };
				}
				return propagate(node.childForFieldName('left'), node.childForFieldName('right'));
			}
			case 'template_string':
				return propagate(...node.namedChildren.filter((c) => c?.type === 'template_substitution'));
			case 'ternary_expression':
				return propagate(node.childForFieldName('consequence'), node.childForFieldName('alternative'));
			case 'array':
				return propagate(...node.namedChildren);
			case 'object':
				return propagate(...node.namedChildren.map((c) => (c?.type === 'pair' ? c.childForFieldName('value') : c)));
			case 'assignment_expression':
				return propagate(node.childForFieldName('right'));
			case 'call_expression':
			case 'new_expression': {
				const callee = node.childForFieldName(node.type === 'call_expression' ? 'function' : 'constructor');
				const name = callee?.text ?? '';
				const classSanitizer = classSanitizers[vulnClass];
				if (universalSanitizers.test(name) || classSanitizer?.test(name)) {
					return { kind: 'sanitized' };
				}
				const args = node.childForFieldName('arguments')?.namedChildren ?? [];
				const receiver = callee?.type === 'member_expression' ? callee.childForFieldName('object') : null;
				return propagate(receiver, ...args);
			}
			default:
				return { kind: 'opaque' };
		}
	},
};

function propagate(...nodes: Array<Node | null | undefined>): Flow {
	return { kind: 'propagate', from: nodes.filter((n): n is Node => n !== null && n !== undefined) };
}

/** Names bound by a declaration target: identifiers and destructuring patterns. */
function boundNames(target: Node): string[] {
	switch (target.type) {
		case 'identifier':
		case 'shorthand_property_identifier_pattern':
			return [target.text];
		case 'object_pattern':
		case 'array_pattern':
		case 'pair_pattern':
		case 'assignment_pattern':
		case 'rest_pattern':
			return target.namedChildren.flatMap((c) => (c && c.type !== 'property_identifier' ? boundNames(c) : []));
		default:
			return [];
	}
}

const functionTypes = new Set(['function_expression', 'function', 'arrow_function', 'function_declaration', 'method_definition']);

/**
 * `event.data` is untrusted only in a `message` handler (postMessage, WebSocket, worker):
 * `addEventListener('message', …)`, `.on('message', …)` or `onmessage = …`. Elsewhere `event`
 * is just a name.
 */
function inMessageHandler(node: Node): boolean {
	for (let p = node.parent; p; p = p.parent) {
		if (!functionTypes.has(p.type)) {
			continue;
		}
		const holder = p.parent;
		if (holder?.type === 'arguments') {
			const first = holder.namedChildren[0];
			if (first && /^['"`]message['"`]$/.test(first.text)) {
				return true;
			}
		}
		if ((holder?.type === 'assignment_expression' || holder?.type === 'pair') && /onmessage['"]?$/.test(holder.childForFieldName(holder.type === 'pair' ? 'key' : 'left')?.text ?? '')) {
			return true;
		}
		if (p.type === 'method_definition' && /^onmessage$/i.test(p.childForFieldName('name')?.text ?? '')) {
			return true;
		}
		if (holder?.type === 'variable_declarator' && /^(on|handle)\w*message$/i.test(holder.childForFieldName('name')?.text ?? '')) {
			return true;
		}
		if (/\bMessageEvent\b/.test(p.childForFieldName('parameters')?.text ?? p.childForFieldName('parameter')?.text ?? '')) {
			return true;
		}
	}
	return false;
}
