import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type Rule } from '../../rule';
import { isLiteral } from '../ruleHelpers';
import { argumentsOf, stringValue } from './jsHelpers';
import { callQuery } from './queryText';

const query = callQuery('eval');

/** The revived data in `eval('(' + data + ')')` or `` eval(`(${data})`) ``. */
function revivedData(call: Node): Node | undefined {
	const arg = argumentsOf(call)[0];
	if (call.childForFieldName('function')?.text !== 'eval' || !arg) {
		return undefined;
	}
	if (arg.type === 'template_string') {
		const parts = arg.namedChildren.filter((c): c is Node => c !== null);
		const substitution = parts.find((c) => c.type === 'template_substitution');
		return /^`\s*\(\s*\$\{[^}]+\}\s*\)\s*`$/.test(arg.text) ? (substitution?.namedChildren[0] ?? undefined) : undefined;
	}
	const left = arg.type === 'binary_expression' ? arg.childForFieldName('left') : null;
	const close = arg.childForFieldName('right');
	const open = left?.type === 'binary_expression' ? left.childForFieldName('left') : null;
	if (!left || !open || !close || !/^\s*\(\s*$/.test(stringValue(open) ?? '') || !/^\s*\)\s*$/.test(stringValue(close) ?? '')) {
		return undefined;
	}
	return left.childForFieldName('right') ?? undefined;
}

/** The serialize-javascript / JSON-with-functions idiom `eval('(' + data + ')')`. */
export const evalDeserialize: Rule = {
	languages: jsLanguages,
	vulnClass: 'deserialization',
	cwe: [502, 95],
	owasp: owasp.integrity,
	id: 'rampart.js.deserialization.eval-deserialize',
	severity: 'warning',
	precision: 'medium',
	message: "Serialized data is revived with eval('(' + data + ')'); any code in the data runs.",
	help:
		'`eval("(" + text + ")")` is how output of serialize-javascript or old JSON-with-functions formats gets revived. Whoever can alter the stored or transmitted text (a cache, a cookie, a message queue) runs code in your process. ' +
		'Serialize plain data with `JSON.stringify` and read it back with `JSON.parse`; if functions must travel, send names and look them up in a fixed table.',
	query,
	check: (ctx) => {
		const data = revivedData(ctx.node);
		return !!data && !isLiteral(data);
	},
};
