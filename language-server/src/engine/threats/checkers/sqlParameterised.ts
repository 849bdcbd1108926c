import type { CheckerSpec } from '../patterns';

const sqlText = /\b(select|insert|update|delete|from|where|values|into|order\s+by)\b/i;
const placeholder = /(\?|\$\d|:\w+|%s|%\(\w+\)s)/;

/** CWE-89: parameterised queries (or an ORM) and no query built from strings. */
export const sqlParameterised: CheckerSpec = {
	kind: 'sql-parameterised',
	title: 'parameterised queries',
	cwes: [89, 564],
	keywords: /parameteri[sz]ed|prepared statement|sql|query builder|orm/i,
	javascript: {
		violations: [
			{ describe: 'query text built from strings', call: /(^|\.)(query|execute|exec|run|all|get|prepare|raw|\$queryRawUnsafe|\$executeRawUnsafe)$/, arg: { index: 0, dynamic: sqlText } },
		],
		evidence: [
			{ describe: 'parameterised query', call: /(^|\.)(query|execute|run|all|get|prepare)$/, minArgs: 2, arg: { index: 0, literal: placeholder } },
			{ describe: 'prepared statement', call: /\.prepare$/, arg: { index: 0, literal: placeholder } },
			{ describe: 'tagged SQL template', call: /^(sql|SQL|Prisma\.sql|\w+\.sql)$/, arg: { index: 0, type: /^template_string$/ } },
			{ describe: 'ORM query', call: /\.(findOne|findAll|findUnique|findFirst|findMany|findByPk|findById|findOneBy|findBy)$/ },
		],
	},
	python: {
		violations: [
			{ describe: 'query text built from strings', call: /(^|\.)(execute|executemany|executescript|raw|text)$/, arg: { index: 0, dynamic: sqlText } },
		],
		evidence: [
			{ describe: 'parameterised query', call: /\.(execute|executemany)$/, minArgs: 2, arg: { index: 0, literal: placeholder } },
			{ describe: 'ORM query', call: /(\.filter_by|\.objects\.(get|filter|exclude)|\.query\.get|^select)$/ },
		],
	},
};
