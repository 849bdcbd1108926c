import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import type { TaintTrace } from '../../taint/taintTracker';
import { isLiteral } from '../ruleHelpers';
import { calleeObject, firstArgument, resolveLocal } from './pyHelpers';

const operatorQuery = `
(call
  function: (attribute attribute: (identifier) @method)
  arguments: (argument_list . (_))
  (#any-of? @method "find" "find_one" "find_one_and_update" "find_one_and_delete" "find_one_and_replace" "update_one" "update_many" "delete_one" "delete_many" "replace_one" "count_documents" "aggregate")) @finding
`;

const whereQuery = `
(pair
  key: (string) @key
  (#match? @key "^[rRuU]?['\\"]\\\\$(where|function|accumulator)['\\"]$")) @finding
`;

const mongoReceiver = /db|mongo|coll|collection|client/i;
const filterName = /filter|query|criteria|selector|pipeline|spec|cond/i;
/** Sources that only ever yield strings: a string cannot smuggle a `$ne`/`$gt` operator object. */
const stringOnlySource = /request\.(args|form|values|GET|POST|query_params|headers|cookies|COOKIES|META|path_params|match_info|query)\b|sys\.argv|input\(/;
const structuring = /loads\(|json|parse_obj|model_dump/i;
const scalarCasts = /^(str|int|float|bool|ObjectId|bson\.ObjectId|uuid\.UUID)$/;

/** Could this tainted value be a dict/list (JSON body, json.loads) rather than a plain string? */
function mayBeStructured(value: Node, trace: TaintTrace): boolean {
	const resolved = value.type === 'identifier' ? resolveLocal(value) : undefined;
	if (structuring.test(value.text) || (resolved && structuring.test(resolved.text))) {
		return true;
	}
	const first = trace.steps[0];
	if (!first || /route parameter|command-line|interactive/.test(first.message)) {
		return false;
	}
	return !stringOnlySource.test(first.node.text.slice(0, 200));
}

/** The first tainted, possibly structured value inside a filter literal (dict keys count as well). */
function taintedOperand(ctx: MatchContext, node: Node, depth = 0): TaintTrace | undefined {
	if (depth > 6) {
		return undefined;
	}
	if (node.type === 'dictionary') {
		for (const entry of node.namedChildren) {
			if (entry?.type === 'pair') {
				const key = entry.childForFieldName('key');
				const keyTrace = key && !isLiteral(key) ? ctx.taint(key) : undefined;
				if (keyTrace) {
					return keyTrace;
				}
				const value = entry.childForFieldName('value');
				const trace = value ? taintedOperand(ctx, value, depth + 1) : undefined;
				if (trace) {
					return trace;
				}
			} else if (entry?.type === 'dictionary_splat') {
				const trace = ctx.taint(entry);
				if (trace) {
					return trace;
				}
			}
		}
		return undefined;
	}
	if (node.type === 'list') {
		for (const item of node.namedChildren) {
			const trace = item ? taintedOperand(ctx, item, depth + 1) : undefined;
			if (trace) {
				return trace;
			}
		}
		return undefined;
	}
	if (node.type === 'identifier') {
		const literal = resolveLocal(node);
		if (literal && (literal.type === 'dictionary' || literal.type === 'list')) {
			return taintedOperand(ctx, literal, depth + 1);
		}
	}
	if (node.type === 'call' && scalarCasts.test(node.childForFieldName('function')?.text ?? '')) {
		return undefined;
	}
	const trace = ctx.taint(node);
	return trace && mayBeStructured(node, trace) ? trace : undefined;
}

/** User-controlled objects in a MongoDB filter: operator injection (`{"$ne": null}`) and whole-filter control. */
export const mongoOperatorInjection: Rule = {
	languages: pyLanguages,
	vulnClass: 'nosql-injection',
	cwe: [943],
	owasp: owasp.injection,
	id: 'rampart.py.nosql-injection.mongo-operator',
	severity: 'error',
	precision: 'high',
	message: 'A MongoDB query takes an object from the request; an attacker can inject operators such as $ne or $where.',
	help:
		'When a JSON body (or `json.loads` of a parameter) lands in a pymongo filter, an attacker can send `{"password": {"$ne": null}}` to bypass a login, ' +
		'`{"$where": "sleep(5000)"}` to run JavaScript, or any filter to read other users\' documents. Build the filter yourself from scalar values: ' +
		'`users.find_one({"name": str(body["name"])})`, validate the body with a schema (pydantic, marshmallow) that types each field as a string, ' +
		'and never pass a request dict through as the whole filter or aggregation pipeline.',
	query: operatorQuery,
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		if (!arg || arg.type === 'keyword_argument') {
			return false;
		}
		if (arg.type === 'dictionary' || arg.type === 'list') {
			const trace = taintedOperand(ctx, arg);
			return trace ? { taint: trace } : false;
		}
		if (!mongoReceiver.test(calleeObject(ctx.node)?.text ?? '') && !filterName.test(arg.text)) {
			return false;
		}
		const trace = ctx.taint(arg);
		if (!trace) {
			return false;
		}
		// A whole filter from a query-string value is a string: `find(request.args["q"])` is a type error, not injection.
		const resolved = arg.type === 'identifier' ? resolveLocal(arg) : arg;
		if (resolved && (resolved.type === 'dictionary' || resolved.type === 'list')) {
			const inner = taintedOperand(ctx, resolved);
			return inner ? { taint: inner } : false;
		}
		return { taint: trace, message: 'The whole MongoDB filter comes from the request; an attacker chooses what is matched.' };
	},
};

/** The JavaScript of a `$where` value, or the `body` of a `$function`/`$accumulator` document (its `args` are data). */
function codeOf(value: Node | undefined): Node | undefined {
	if (value?.type !== 'dictionary') {
		return value;
	}
	for (const entry of value.namedChildren) {
		if (entry?.type === 'pair' && /^['"](body|init|accumulate|merge|finalize)['"]$/.test(entry.childForFieldName('key')?.text ?? '')) {
			const code = entry.childForFieldName('value') ?? undefined;
			if (code && !isLiteral(code)) {
				return code;
			}
		}
	}
	return undefined;
}

const whereShared = {
	languages: pyLanguages,
	vulnClass: 'nosql-injection',
	cwe: [943, 94],
	owasp: owasp.injection,
	query: whereQuery,
} as const;

/** Untrusted data in a server-side JavaScript operator (`$where`, `$function`, `$accumulator`). */
export const mongoWhereInjection: Rule = {
	...whereShared,
	id: 'rampart.py.nosql-injection.mongo-where',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is built into MongoDB server-side JavaScript ($where/$function).',
	help:
		'`$where`, `$function` and `$accumulator` run JavaScript inside the database. Request data concatenated into that code lets an attacker ' +
		'run their own script (exfiltrate data with timing, burn CPU). Express the condition with ordinary query operators (`{"age": {"$gt": age}}`) ' +
		'and pass values as values, never as code.',
	check: (ctx) => {
		const code = codeOf(ctx.node.childForFieldName('value') ?? undefined);
		const trace = code ? ctx.taint(code) : undefined;
		return trace ? { taint: trace } : false;
	},
};

/** Computed server-side JavaScript with no visible untrusted source: audit level. */
export const mongoWhereAudit: Rule = {
	...whereShared,
	id: 'rampart.py.nosql-injection.mongo-where-audit',
	severity: 'info',
	precision: 'low',
	message: 'MongoDB server-side JavaScript ($where/$function) is built at run time; check that no user input reaches it.',
	help:
		'A `$where`/`$function` body assembled from variables is code built at run time. Even when no request data reaches it in this function, ' +
		'prefer ordinary query operators; `$where` is also slow (no index use) and disabled on many hosted clusters.',
	check: (ctx) => {
		const code = codeOf(ctx.node.childForFieldName('value') ?? undefined);
		return !!code && !isLiteral(code) && !ctx.taint(code);
	},
};
