import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../types';

/** A function a threat can be anchored to. */
export interface AnchoredFunction {
	/** The anchor key: `handleLogin`, `AuthController.login` or `POST /login`. */
	readonly key: string;
	/** The function node (declaration, arrow function, method or Python def). */
	readonly node: Node;
	/** Where diagnostics go: the name, or the route path of an inline handler. */
	readonly nameNode: Node;
	/** The enclosing class, for `this.helper()` / `self.helper()` calls. */
	readonly className?: string;
	/** Middleware registered with the route and Python decorators. */
	readonly middleware: Node[];
	/** Registered as a route handler (so app-level middleware applies to it). */
	route: boolean;
}

/** Every anchor target of one file, found in one walk of its tree. */
export interface FileIndex {
	readonly language: LanguageId;
	readonly functions: Map<string, AnchoredFunction>;
	/** Arguments of module-level `app.use(…)` / `router.use(…)` calls: middleware for every route. */
	readonly globalMiddleware: Node[];
	/** Module-level statements that are neither functions, classes nor route registrations. */
	readonly moduleStatements: Node[];
}

const httpMethods = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
const jsFunctionValues = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

function stringText(node: Node | null | undefined): string | undefined {
	if (!node || (node.type !== 'string' && node.type !== 'template_string')) {
		return undefined;
	}
	if (node.namedChildren.some((c) => c?.type === 'template_substitution' || c?.type === 'interpolation')) {
		return undefined;
	}
	return node.text.replace(/^[rbuRBU]*(['"`])/, '').replace(/['"`]$/, '');
}

/** Normalises an anchor's function part: `post  /login` → `POST /login`, `app.post('/login')` → `POST /login`. */
export function normaliseAnchor(fn: string): string {
	const trimmed = fn.trim();
	const call = /^\w+(?:\.\w+)*\.(\w+)\(\s*['"`]([^'"`]+)['"`]/.exec(trimmed);
	if (call && httpMethods.has(call[1]!.toLowerCase())) {
		return `${call[1]!.toUpperCase()} ${call[2]}`;
	}
	const route = /^([A-Za-z]+)\s+(\/\S*)$/.exec(trimmed);
	if (route && httpMethods.has(route[1]!.toLowerCase())) {
		return `${route[1]!.toUpperCase()} ${route[2]}`;
	}
	return trimmed;
}

function add(index: FileIndex, entry: AnchoredFunction): void {
	if (!index.functions.has(entry.key)) {
		index.functions.set(entry.key, entry);
	}
}

function argsOf(call: Node): Node[] {
	return call.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? [];
}

/** `app.post('/x', mw, handler)`: registers inline handlers and middleware of named ones. */
function jsRoute(call: Node, index: FileIndex, named: Map<string, Node[]>, topLevel: boolean): boolean {
	const callee = call.childForFieldName('function');
	if (callee?.type !== 'member_expression') {
		return false;
	}
	const method = callee.childForFieldName('property')?.text ?? '';
	const args = argsOf(call);
	if (method === 'use' && topLevel) {
		index.globalMiddleware.push(...args.filter((a) => stringText(a) === undefined));
		return true;
	}
	const path = stringText(args[0]);
	if (!httpMethods.has(method) || path === undefined || args.length < 2) {
		return false;
	}
	const handler = args[args.length - 1]!;
	const middleware = args.slice(1, -1);
	if (jsFunctionValues.has(handler.type)) {
		add(index, { key: `${method === 'del' ? 'DELETE' : method.toUpperCase()} ${path}`, node: handler, nameNode: args[0]!, middleware, route: true });
	} else {
		named.set(handler.text.replace(/\s+/g, ''), middleware);
	}
	return true;
}

function indexJs(root: Node, index: FileIndex): void {
	const named = new Map<string, Node[]>();
	const routeStatements = new Set<number>();
	const stack: Array<{ node: Node; className?: string }> = [{ node: root }];
	while (stack.length > 0) {
		const { node: n, className } = stack.pop() as { node: Node; className?: string };
		let inner = className;
		switch (n.type) {
			case 'function_declaration':
			case 'generator_function_declaration': {
				const name = n.childForFieldName('name');
				if (name) {
					add(index, { key: name.text, node: n, nameNode: name, middleware: [], route: false });
				}
				break;
			}
			case 'variable_declarator': {
				const name = n.childForFieldName('name');
				const value = n.childForFieldName('value');
				if (name?.type === 'identifier' && value && jsFunctionValues.has(value.type)) {
					add(index, { key: name.text, node: value, nameNode: name, middleware: [], route: false });
				}
				break;
			}
			case 'class_declaration':
			case 'class':
			case 'abstract_class_declaration':
				inner = n.childForFieldName('name')?.text ?? className;
				break;
			case 'method_definition': {
				const name = n.childForFieldName('name');
				if (name) {
					add(index, { key: className ? `${className}.${name.text}` : name.text, node: n, nameNode: name, className, middleware: [], route: false });
				}
				break;
			}
			case 'call_expression': {
				const statement = n.parent?.type === 'expression_statement' ? n.parent : undefined;
				const topLevel = statement?.parent?.type === 'program';
				if (jsRoute(n, index, named, topLevel) && statement && topLevel) {
					routeStatements.add(statement.id);
				}
				break;
			}
			default:
				break;
		}
		for (let i = n.namedChildCount - 1; i >= 0; i--) {
			const c = n.namedChild(i);
			if (c) {
				stack.push({ node: c, className: inner });
			}
		}
	}
	for (const [name, middleware] of named) {
		const fn = index.functions.get(name);
		if (fn) {
			fn.middleware.push(...middleware);
			fn.route = true;
		}
	}
	for (const statement of root.namedChildren) {
		if (!statement || routeStatements.has(statement.id) || /^(function_declaration|generator_function_declaration|class_declaration|abstract_class_declaration|comment|import_statement)$/.test(statement.type)) {
			continue;
		}
		const declared = statement.type === 'export_statement' ? statement.namedChildren[0] : statement;
		if (declared && /function_declaration|class_declaration/.test(declared.type)) {
			continue;
		}
		index.moduleStatements.push(statement);
	}
}

function pyRouteKeys(decorator: Node): string[] {
	const call = decorator.namedChildren[0];
	if (call?.type !== 'call') {
		return [];
	}
	const fn = call.childForFieldName('function');
	const method = fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : '';
	const args = argsOf(call);
	const path = stringText(args[0]);
	if (path === undefined) {
		return [];
	}
	if (httpMethods.has(method)) {
		return [`${method.toUpperCase()} ${path}`];
	}
	if (method !== 'route' && method !== 'api_route') {
		return [];
	}
	const methods = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'methods')?.childForFieldName('value');
	const listed = methods?.namedChildren.map((m) => stringText(m)).filter((m): m is string => m !== undefined) ?? ['GET'];
	return listed.map((m) => `${m.toUpperCase()} ${path}`);
}

function indexPython(root: Node, index: FileIndex): void {
	const visit = (n: Node, className: string | undefined): void => {
		for (const child of n.namedChildren) {
			if (!child) {
				continue;
			}
			const def = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
			const decorators = child.type === 'decorated_definition' ? child.namedChildren.filter((c): c is Node => c?.type === 'decorator') : [];
			if (def?.type === 'function_definition') {
				const name = def.childForFieldName('name');
				if (name) {
					const routes = decorators.flatMap((d) => pyRouteKeys(d));
					const entry: AnchoredFunction = { key: className ? `${className}.${name.text}` : name.text, node: def, nameNode: name, className, middleware: decorators, route: routes.length > 0 };
					add(index, entry);
					for (const key of routes) {
						add(index, { ...entry, key });
					}
				}
				visit(def, className);
			} else if (def?.type === 'class_definition') {
				visit(def.childForFieldName('body') ?? def, def.childForFieldName('name')?.text);
			} else if (child.type === 'block' || child.type === 'if_statement' || child.type === 'try_statement') {
				visit(child, className);
			}
		}
	};
	visit(root, undefined);
	for (const statement of root.namedChildren) {
		if (statement && !/^(function_definition|class_definition|decorated_definition|comment|import_statement|import_from_statement)$/.test(statement.type)) {
			index.moduleStatements.push(statement);
		}
	}
}

/** Indexes the anchor targets of a parsed file. */
export function indexFile(root: Node, language: LanguageId): FileIndex {
	const index: FileIndex = { language, functions: new Map(), globalMiddleware: [], moduleStatements: [] };
	if (language === 'python') {
		indexPython(root, index);
	} else {
		indexJs(root, index);
	}
	return index;
}

/** The function an anchor names, or undefined when it no longer exists. */
export function resolveAnchor(index: FileIndex, fn: string): AnchoredFunction | undefined {
	const key = normaliseAnchor(fn);
	return index.functions.get(key) ?? (key.includes('.') || key.includes(' ') ? undefined : [...index.functions.values()].find((f) => f.key.endsWith(`.${key}`)));
}
