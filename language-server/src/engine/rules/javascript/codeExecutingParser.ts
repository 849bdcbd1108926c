import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { optionValue, qualifiedCallee } from './jsHelpers';
import { callParts, callQuery } from './queryText';

const query = callQuery('load|loadAll|safeLoad|deserialize|deserializeStream');

/** js-yaml schemas that construct functions and regexps (`!!js/function`). */
const unsafeSchema = /FULL_SCHEMA|JS_SCHEMA|js-yaml-js-types|jsTypes|\.extend\(\s*\w*[Tt]ypes/;

function schemaIsUnsafe(ctx: MatchContext, schema: Node): boolean {
	if (unsafeSchema.test(schema.text)) {
		return true;
	}
	// `schema: DEFAULT_SCHEMA.extend(types)` with `types` from js-yaml-js-types.
	const extended = /\.extend\(\s*\[?\s*(\w+)/.exec(schema.text)?.[1];
	return !!extended && (ctx.imports.get(extended) ?? '').startsWith('js-yaml-js-types');
}

function check(ctx: MatchContext): CheckResult {
	if (!/^(load|loadAll|safeLoad|deserialize|deserializeStream)$/.test(callParts(ctx.node)?.name.text ?? '')) {
		return false;
	}
	const name = qualifiedCallee(ctx, ctx.node);
	if (/^js-yaml\.(load|loadAll|safeLoad)$/.test(name) || /^(yaml|jsyaml|YAML)\.(load|loadAll)$/.test(name)) {
		const schema = optionValue(ctx.node, 'schema');
		return !!schema && schemaIsUnsafe(ctx, schema);
	}
	if (/^(bson|mongodb|BSON)(\.BSON)?\.(deserialize|deserializeStream)$/.test(name) || /^(BSON|bson)\.(deserialize|deserializeStream)$/.test(ctx.node.childForFieldName('function')?.text ?? '')) {
		const evalFunctions = optionValue(ctx.node, 'evalFunctions');
		return evalFunctions?.type === 'true';
	}
	return false;
}

/** A parser configured to rebuild and run functions from its input. */
export const codeExecutingParser: Rule = {
	languages: jsLanguages,
	vulnClass: 'deserialization',
	cwe: [502],
	owasp: owasp.integrity,
	id: 'rampart.js.deserialization.code-executing-parser',
	severity: 'error',
	precision: 'high',
	message: 'The parser is configured to construct functions from its input (js-yaml JS types, BSON evalFunctions).',
	help:
		'js-yaml with `DEFAULT_FULL_SCHEMA` (js-yaml 3) or the `js-yaml-js-types` extension turns `!!js/function` tags into real functions, and BSON `deserialize(…, { evalFunctions: true })` evaluates stored code; a crafted document then runs attacker code when your program calls what it parsed. ' +
		'Use the default safe schema (`yaml.load(text)` in js-yaml 4, `yaml.safeLoad` in js-yaml 3) or the `yaml` package, and leave `evalFunctions` off.',
	query,
	check,
};
