import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { isLiteral } from '../ruleHelpers';
import { calleeName, firstArgument, keywordNode, keywordValue, positionalArguments, removeArgumentEdit } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list . (_))
  (#any-of? @fn "load" "load_all" "unsafe_load" "unsafe_load_all" "full_load" "full_load_all")) @finding
`;

const safeLoaders = /(^|\.)(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;

/** The PyYAML function called, when the call can build arbitrary Python objects. */
function unsafeYaml(ctx: MatchContext): string | undefined {
	const name = calleeName(ctx, ctx.node);
	const m = /^yaml\.(load|load_all|unsafe_load|unsafe_load_all|full_load|full_load_all)$/.exec(name);
	if (!m) {
		return undefined;
	}
	if (m[1] === 'load' || m[1] === 'load_all') {
		const loader = keywordValue(ctx.node, 'Loader') ?? positionalArguments(ctx.node)[1];
		if (loader && safeLoaders.test(loader.text)) {
			return undefined;
		}
	}
	return m[1];
}

/** `yaml.load(x)` → `yaml.safe_load(x)`, dropping an unsafe `Loader=`; `yaml.unsafe_load` likewise. */
function fixOf(ctx: MatchContext): Fix | undefined {
	const callee = ctx.node.childForFieldName('function');
	const method = unsafeYaml(ctx);
	if (!callee || callee.type !== 'attribute' || !method || positionalArguments(ctx.node).length > 1) {
		return undefined;
	}
	const attribute = callee.childForFieldName('attribute');
	if (!attribute) {
		return undefined;
	}
	const safe = method.endsWith('_all') ? 'safe_load_all' : 'safe_load';
	const edits = [{ startIndex: attribute.startIndex, endIndex: attribute.endIndex, newText: safe }];
	const loader = keywordNode(ctx.node, 'Loader');
	if (loader) {
		edits.push(removeArgumentEdit(loader));
	}
	return { title: `Use yaml.${safe}`, edits };
}

/** PyYAML loading with a loader that constructs arbitrary Python objects. */
export const pyYamlLoad: Rule = {
	languages: pyLanguages,
	vulnClass: 'deserialization',
	cwe: [502],
	owasp: owasp.integrity,
	id: 'rampart.py.deserialization.yaml-load',
	severity: 'warning',
	precision: 'high',
	message: 'yaml.load without SafeLoader can construct arbitrary Python objects; use yaml.safe_load.',
	help:
		'PyYAML\'s `Loader`/`UnsafeLoader` (the default of `yaml.load` before 5.1, and `yaml.unsafe_load`) honour tags such as ' +
		'`!!python/object/apply:os.system`, so a YAML document can run commands when it is loaded; `FullLoader` has had bypasses too. ' +
		'Use `yaml.safe_load(text)` (or `Loader=yaml.SafeLoader`), which builds only plain dicts, lists, strings and numbers. ' +
		'The quick-fix rewrites the call to `yaml.safe_load`. Reported even without a visible untrusted source because configuration and ' +
		'data files are routinely edited by others; the message says so when request data reaches the call.',
	query,
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		if (!arg || isLiteral(arg) || !unsafeYaml(ctx)) {
			return false;
		}
		const taint = ctx.taint(arg);
		return taint ? { taint, message: 'Untrusted data is loaded with an unsafe YAML loader; a crafted document runs code.' } : true;
	},
	fix: fixOf,
};
