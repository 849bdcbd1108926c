import type { Node } from 'web-tree-sitter';
import type { MatchContext } from '../../rule';
import { isLiteral } from '../ruleHelpers';
import { resolveConst } from './jsHelpers';
import { callContext, callQuery } from './queryText';

const methods = /^(query|execute|raw|whereRaw|orWhereRaw|havingRaw|orderByRaw|groupByRaw|joinRaw|[$]queryRawUnsafe|[$]executeRawUnsafe|run|all|get|each|exec|prepare)$/;
export const sqlQuery = callQuery('query|execute|raw|whereRaw|orWhereRaw|havingRaw|orderByRaw|groupByRaw|joinRaw|[$]queryRawUnsafe|[$]executeRawUnsafe|run|all|get|each|exec|prepare');
const sqlArgument = /^(string|template_string|binary_expression|identifier|member_expression|call_expression|await_expression|parenthesized_expression|ternary_expression)$/;

/** Captures `fn`, `obj` and the SQL text argument as `sql`, for member calls on a database-looking receiver. */
export function sqlContext(match: MatchContext): MatchContext | undefined {
	const ctx = callContext(match, methods, ['sql']);
	const sql = ctx?.captures.get('sql');
	return ctx && ctx.captures.has('obj') && sql && sqlArgument.test(sql.type) && isSqlSink(ctx) ? ctx : undefined;
}

/** Method names that also exist on maps, routers, regexes and promises: trust them only on database-looking receivers. */
const genericMethods = new Set(['run', 'all', 'get', 'each', 'exec', 'prepare', 'execute']);
const databaseReceiver = /(^|\.)(db|database|sqlite|sqlite3|conn|connection|client|pool|tx|trx|transaction|knex|sequelize|prisma|sql|mysql|pg|pgClient|stmt)$|(Db|DB|Pool|Client|Connection|Database|Repository)$/;

function isSqlSink(ctx: MatchContext): boolean {
	const method = ctx.text('fn');
	const receiver = ctx.text('obj');
	if (genericMethods.has(method)) {
		return databaseReceiver.test(receiver);
	}
	if (method === 'raw') {
		return receiver !== 'String';
	}
	return !/^(req|request|ctx|res|router|app|\$|jQuery|URLSearchParams|qs|querystring)$/.test(receiver);
}

/** `'… ' + x` or a template with substitutions, seen directly or through a `const`. */
export function isBuiltString(node: Node | undefined): boolean {
	if (!node) {
		return false;
	}
	const n = resolveConst(node);
	if (isLiteral(n)) {
		return false;
	}
	if (n.type === 'template_string') {
		return n.namedChildren.some((c) => c?.type === 'template_substitution');
	}
	if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '+') {
		const sides = [n.childForFieldName('left'), n.childForFieldName('right')];
		return sides.some((s) => s?.type === 'string' || s?.type === 'template_string' || (s?.type === 'binary_expression' && isBuiltString(s)));
	}
	return false;
}

