import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import type { TaintTrace } from '../../taint/taintTracker';
import { whenComputedButUntainted, whenTainted } from '../ruleHelpers';
import { callContext, callQuery } from './queryText';

const filterMethods = 'find|findOne|findOneAndUpdate|findOneAndDelete|findOneAndReplace|findOneAndRemove|updateOne|updateMany|deleteOne|deleteMany|replaceOne|remove|countDocuments|count|exists|where';
const filterQuery = callQuery(filterMethods);
const filterArgument = /^(object|identifier|member_expression|subscript_expression|call_expression|await_expression)$/;

const whereQuery = `
(pair
  key: [(property_identifier) (string)] @key
  value: (_) @code
  (#match? @key "^['\\"]?[$]where['\\"]?$")) @finding
` + callQuery('[$]where');

function whereContext(match: MatchContext): MatchContext | undefined {
	return match.node.type === 'pair' ? match : callContext(match, /^[$]where$/, ['code']);
}

/** Sources that always deliver strings, which cannot smuggle in query operators. */
const stringOnlySource = /^(req|request|ctx|ctx\.request)\.(params|url|originalUrl|path|headers|hostname|ip|get|header|param)\b|^(process\.argv|(window\.|document\.)?location|document\.)/;

/** Array and utility helpers that share method names with MongoDB collections. */
const notACollection = /^(_|lodash|R|Array|Object|\[.*\])$/;

function objectCapable(trace: TaintTrace | undefined): TaintTrace | undefined {
	const origin = trace?.steps[0]?.node.text ?? '';
	return trace && !stringOnlySource.test(origin) ? trace : undefined;
}

/** The first filter value (or the whole filter) that can be an attacker-chosen object such as `{ $ne: null }`. */
function taintedOperand(ctx: MatchContext, node: Node, depth = 0): TaintTrace | undefined {
	if (depth > 4) {
		return undefined;
	}
	if (node.type !== 'object') {
		if (/^(string|template_string|binary_expression|number|true|false|null|regex|arrow_function|function_expression)$/.test(node.type)) {
			return undefined;
		}
		return objectCapable(ctx.taint(node));
	}
	for (const child of node.namedChildren) {
		if (!child) {
			continue;
		}
		if (child.type === 'spread_element' || child.type === 'shorthand_property_identifier') {
			const trace = objectCapable(ctx.taint(child));
			if (trace) {
				return trace;
			}
		} else if (child.type === 'pair') {
			const key = child.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') ?? '';
			const value = child.childForFieldName('value');
			if (!value || /^\$(eq|where)$/.test(key)) {
				continue; // `$eq` compares literally; `$where` has its own rule.
			}
			const trace = taintedOperand(ctx, value, depth + 1);
			if (trace) {
				return trace;
			}
		}
	}
	return undefined;
}

/** Request data used as (part of) a MongoDB filter. */
export const nosqlFilterInjection: Rule = {
	languages: jsLanguages,
	vulnClass: 'nosql-injection',
	cwe: [943],
	owasp: owasp.injection,
	id: 'rampart.js.nosql-injection.filter',
	severity: 'error',
	precision: 'high',
	message: 'Request data is used as a MongoDB filter value; an object such as {"$ne": null} changes the query.',
	help:
		'Express parses `?user[$ne]=x` and JSON bodies into objects, so `User.findOne({ name: req.body.name, password: req.body.password })` can receive `{ "$ne": null }` and match any user (login bypass), or `$regex`/`$where` operators that leak data. ' +
		'Convert each value to the type you expect (`String(value)`, `Number(value)`, `new ObjectId(id)`), validate the body with a schema (zod, joi, express-validator), compare with `{ $eq: value }`, or strip operator keys with express-mongo-sanitize. Never pass a whole request object as a filter.',
	query: filterQuery,
	check: (match): CheckResult => {
		const ctx = callContext(match, new RegExp(`^(${filterMethods})$`), ['filter']);
		const filter = ctx?.captures.get('filter');
		if (!ctx || !filter || !ctx.captures.has('obj') || !filterArgument.test(filter.type) || notACollection.test(ctx.text('obj'))) {
			return false;
		}
		const taint = taintedOperand(ctx, filter);
		return taint ? { taint } : false;
	},
};

const whereShared = {
	languages: jsLanguages,
	vulnClass: 'nosql-injection',
	cwe: [943],
	owasp: owasp.injection,
	query: whereQuery,
} as const;

/** Request data inside a `$where` JavaScript expression. */
export const nosqlWhereInjection: Rule = {
	...whereShared,
	id: 'rampart.js.nosql-injection.where',
	severity: 'error',
	precision: 'high',
	message: 'Request data reaches a MongoDB $where expression, which the server runs as JavaScript.',
	help:
		'`$where` evaluates a JavaScript string on the database server for every document. Building it from request data lets an attacker run arbitrary expressions (data leaks, denial of service with `while(true)`). ' +
		'Express the condition with ordinary query operators (`$eq`, `$gt`, `$expr`) and pass the user value as data.',
	check: (match) => {
		const ctx = whereContext(match);
		return ctx ? whenTainted(ctx, 'code') : false;
	},
};

/** A computed `$where` expression without a visible untrusted source. */
export const nosqlWhereAudit: Rule = {
	...whereShared,
	id: 'rampart.js.nosql-injection.where-audit',
	severity: 'info',
	precision: 'low',
	message: 'A computed $where expression is evaluated as JavaScript by MongoDB; check that no user input reaches it.',
	help: '`$where` with a string built at run time is code injection waiting for a caller that passes user input, and it cannot use indexes. Rewrite it with query operators or `$expr`.',
	check: (match) => {
		const ctx = whereContext(match);
		const code = ctx?.captures.get('code');
		return !!ctx && !!code && code.type !== 'function_expression' && code.type !== 'arrow_function' && whenComputedButUntainted(ctx, 'code');
	},
};
