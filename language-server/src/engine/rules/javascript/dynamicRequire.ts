import { jsLanguages, owasp, type Rule } from '../../rule';
import { whenTainted } from '../ruleHelpers';
import { callQuery, withCaptures } from './queryText';

const query = callQuery('require|import');

/** `require(req.query.plugin)` / `import(name)`: the user picks the code that runs. */
export const dynamicRequire: Rule = {
	languages: jsLanguages,
	vulnClass: 'code-injection',
	cwe: [94, 829],
	owasp: owasp.injection,
	id: 'rampart.js.code-injection.dynamic-require',
	severity: 'error',
	precision: 'medium',
	message: 'Untrusted data chooses the module that require()/import() loads and runs.',
	help:
		'Loading a module whose name or path comes from the request lets an attacker run any JavaScript file on the server (for example an uploaded file, or `child_process` helpers via relative paths). ' +
		'Map the user value to a module through a fixed table (`const plugins = { csv: require("./csv") }`) and reject unknown names.',
	query,
	check: (match) => {
		const callee = match.node.childForFieldName('function');
		const module = match.node.childForFieldName('arguments')?.namedChildren.find((c) => c?.type !== 'comment') ?? undefined;
		if (!callee || !/^(require|import)$/.test(callee.text) || !module || module.type === 'string') {
			return false;
		}
		return whenTainted(withCaptures(match, { module }), 'module');
	},
};
