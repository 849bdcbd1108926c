import { jsLanguages, owasp, type Rule } from '../../rule';
import { whenTainted } from '../ruleHelpers';
import { parameterizeFix } from './sqlParameterize';
import { isBuiltString, sqlContext, sqlQuery } from './sqlSink';

const shared = {
	languages: jsLanguages,
	vulnClass: 'sql-injection',
	cwe: [89],
	owasp: owasp.injection,
	query: sqlQuery,
	fix: parameterizeFix,
} as const;

/** Untrusted data concatenated into SQL text. */
export const sqlInjection: Rule = {
	...shared,
	id: 'rampart.js.sql-injection.query',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is built into a SQL statement; use placeholders and pass the values separately.',
	help:
		'Concatenating or interpolating request data into SQL text (`db.query("… WHERE id = " + req.params.id)`) lets an attacker change the statement: read other rows, bypass logins or drop tables. ' +
		'Pass values as bound parameters instead: `?` placeholders for mysql/mysql2 (`conn.query("… WHERE id = ?", [id])`), `$1` for pg, `replacements`/`bind` for Sequelize, bindings for knex.raw, and the tagged `$queryRaw` template for Prisma. ' +
		'Identifiers (table or column names, sort order) cannot be bound: pick them from a fixed allow-list. Escaping functions are a last resort.',
	check: (match) => {
		const ctx = sqlContext(match);
		return ctx ? whenTainted(ctx, 'sql') : false;
	},
};

/** SQL text built from computed values that are not known to be untrusted. */
export const sqlInjectionAudit: Rule = {
	...shared,
	id: 'rampart.js.sql-injection.query-audit',
	severity: 'info',
	precision: 'low',
	message: 'SQL text is built by concatenation; prefer bound parameters even for trusted values.',
	help:
		'This query is assembled from strings and values at run time. No untrusted source reaches it within this function, but values often come from callers that do pass user input. ' +
		'Bound parameters (`?` for mysql, `$1` for pg) make the statement immune to injection and let the database cache the plan.',
	check: (match) => {
		const ctx = sqlContext(match);
		const sql = ctx?.captures.get('sql');
		return !!ctx && !!sql && isBuiltString(sql) && !ctx.taint(sql);
	},
};
