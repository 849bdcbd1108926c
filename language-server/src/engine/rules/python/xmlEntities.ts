import { owasp, pyLanguages, type Rule } from '../../rule';
import { calleeName, keywordValue } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list (keyword_argument name: (identifier) @kw))
  (#eq? @fn "XMLParser")
  (#any-of? @kw "resolve_entities" "no_network")) @finding
(call
  function: (attribute attribute: (identifier) @fn)
  arguments: (argument_list . [(identifier) (attribute)] @feature . (true))
  (#eq? @fn "setFeature")) @finding
`;

/** Parsers configured to fetch or expand external entities. */
export const pyXmlEntitiesEnabled: Rule = {
	languages: pyLanguages,
	vulnClass: 'xxe',
	cwe: [611],
	owasp: owasp.misconfig,
	id: 'rampart.py.xxe.entities-enabled',
	severity: 'error',
	precision: 'high',
	message: 'The XML parser is configured to resolve external entities or use the network (XXE).',
	help:
		'`lxml.etree.XMLParser(resolve_entities=True)` or `no_network=False`, and SAX `setFeature(feature_external_ges, True)` ' +
		'(or `feature_external_pes`) make the parser follow `<!ENTITY x SYSTEM "...">` declarations: any document it parses can read local files ' +
		'(`file:///etc/passwd`), call internal URLs (SSRF), or hang on a slow resource. Leave these at their safe settings ' +
		'(`resolve_entities=False`, `no_network=True`, external general/parameter entities off), and parse untrusted XML with `defusedxml`.',
	query,
	check: (ctx) => {
		if (ctx.text('fn') === 'setFeature') {
			return /feature_external_(ges|pes)$/.test(ctx.text('feature')) || /external-(general|parameter)-entities/.test(ctx.text('feature'));
		}
		if (calleeName(ctx, ctx.node) !== 'lxml.etree.XMLParser') {
			return false;
		}
		return keywordValue(ctx.node, 'resolve_entities')?.type === 'true' || keywordValue(ctx.node, 'no_network')?.type === 'false';
	},
};
