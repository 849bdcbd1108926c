import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { isLiteral } from '../ruleHelpers';
import { calleeName, calleeObject, firstArgument, isStringBuilding, keywordValue, resolveLocal, unguardedTaint } from './pyHelpers';

const query = `
(call
  function: (attribute attribute: (identifier) @method)
  arguments: (argument_list . (_))
  (#any-of? @method "execute" "executemany" "executescript" "mogrify" "raw" "read_sql" "read_sql_query")) @finding
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list . (_))
  (#any-of? @fn "text" "RawSQL")) @finding
(call
  function: (attribute attribute: (identifier) @method)
  arguments: (argument_list . (keyword_argument))
  (#eq? @method "extra")) @finding
`;

const sqlWords = /\b(select|insert\s+into|update|delete\s+from|create\s+table|drop|alter|where|values|order\s+by|pragma)\b/i;
const dbReceiver = /(cur|conn|cnx|db|database|session|engine|sql|transaction|connection|^con$|^c$|^tx$|^self\.(cursor|conn|db|session)$)/i;

function literalText(node: Node | undefined): string {
	if (!node) {
		return '';
	}
	const strings = node.type === 'string' ? [node] : node.descendantsOfType('string');
	return strings.map((s) => s?.text ?? '').join(' ');
}

/** Does the argument read like SQL (its literals, or those of the variable it names)? */
function looksLikeSql(arg: Node): boolean {
	const value = arg.type === 'identifier' ? resolveLocal(arg) : arg;
	return sqlWords.test(literalText(value ?? undefined));
}

/** The SQL text argument: the first argument, or for Django `extra()` the first of `where`/`select`/`tables`/`order_by`. */
function sqlArgument(ctx: MatchContext): Node | undefined {
	if (ctx.text('method') === 'extra') {
		return keywordValue(ctx.node, 'where') ?? keywordValue(ctx.node, 'select') ?? keywordValue(ctx.node, 'tables') ?? keywordValue(ctx.node, 'order_by');
	}
	return firstArgument(ctx.node);
}

/** True when the match is a SQL API: a DB-API cursor/connection, SQLAlchemy `text`, Django `raw`/`extra`/`RawSQL`, pandas `read_sql`. */
function isSqlSink(ctx: MatchContext, arg: Node): boolean {
	const fn = ctx.text('fn');
	if (fn) {
		const name = calleeName(ctx, ctx.node);
		return fn === 'text' ? /^sqlalchemy(\.sql)?(\.expression)?\.text$|^(sa|sqlalchemy)\.text$/.test(name) : /RawSQL$/.test(name);
	}
	const method = ctx.text('method');
	const receiver = calleeObject(ctx.node)?.text ?? '';
	switch (method) {
		case 'extra':
			return true;
		case 'raw':
			return /objects|manager/i.test(receiver) || looksLikeSql(arg);
		case 'read_sql':
		case 'read_sql_query':
			return /^(pd|pandas)$/.test(receiver) || looksLikeSql(arg);
		default:
			return dbReceiver.test(receiver) || looksLikeSql(arg);
	}
}

/** `session.execute(text(...))` is reported once, at `text(...)`. */
function wrapsText(ctx: MatchContext, arg: Node): boolean {
	return !!ctx.text('method') && arg.type === 'call' && /(^|\.)text$/.test(arg.childForFieldName('function')?.text ?? '');
}

const shared = {
	languages: pyLanguages,
	vulnClass: 'sql-injection',
	cwe: [89],
	owasp: owasp.injection,
	query,
} as const;

/** Untrusted data concatenated or formatted into a SQL statement. */
export const sqlRawQuery: Rule = {
	...shared,
	id: 'rampart.py.sql-injection.raw-query',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is built into a SQL statement; use query parameters instead.',
	help:
		'Building SQL with `+`, f-strings, `%` or `.format()` from request data lets an attacker change the statement (read other rows, bypass logins, drop tables). ' +
		'Pass values separately so the driver binds them: `cursor.execute("SELECT * FROM users WHERE name = %s", (name,))` (DB-API), ' +
		'`session.execute(text("... WHERE name = :name"), {"name": name})` (SQLAlchemy), `User.objects.raw("... WHERE name = %s", [name])` (Django). ' +
		'Identifiers such as column names cannot be parameters: pick them from a fixed allow-list, or use `psycopg2.sql.Identifier`.',
	check: (ctx) => {
		const arg = sqlArgument(ctx);
		if (!arg || !isSqlSink(ctx, arg) || wrapsText(ctx, arg)) {
			return false;
		}
		const taint = unguardedTaint(ctx.node, arg, ctx.taint);
		return taint ? { taint } : false;
	},
};

/** SQL built from non-constant parts with no visible untrusted source: audit level. */
export const sqlRawQueryAudit: Rule = {
	...shared,
	id: 'rampart.py.sql-injection.raw-query-audit',
	severity: 'info',
	precision: 'low',
	message: 'SQL is built with string formatting; check that no user input reaches it, or use query parameters.',
	help:
		'The statement is assembled with concatenation, an f-string, `%` or `.format()`. No untrusted source reaches it inside this function, ' +
		'but values often arrive from callers. Prefer bound parameters (`execute(sql, params)`) so the question never arises.',
	check: (ctx) => {
		const arg = sqlArgument(ctx);
		if (!arg || !isSqlSink(ctx, arg) || wrapsText(ctx, arg)) {
			return false;
		}
		const built = arg.type === 'identifier' ? resolveLocal(arg) : arg;
		if (!built || !isStringBuilding(built) || isLiteral(built)) {
			return false;
		}
		return !ctx.taint(arg);
	},
};
