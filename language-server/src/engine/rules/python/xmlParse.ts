import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { argumentOf, calleeName, firstArgument, fromLocalUser, keywordValue, resolveLocal } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list . (_))
  (#any-of? @fn "fromstring" "XML" "parse" "iterparse" "XMLID" "fromstringlist" "parseString" "XMLParser" "feed")) @finding
`;

const lxmlParsers = /^lxml\.etree\.(fromstring|XML|parse|iterparse|XMLID|fromstringlist)$/;
const stdlibParsers = /^xml\.(etree\.(c)?ElementTree\.(fromstring|XML|parse|iterparse|XMLID|fromstringlist)|dom\.minidom\.(parse|parseString)|dom\.pulldom\.(parse|parseString)|sax\.(parse|parseString))$/;

/** A parser argument known to refuse entities: `etree.XMLParser(resolve_entities=False)` (inline or through a variable). */
function hasSafeParser(call: Node): boolean {
	let parser = keywordValue(call, 'parser') ?? argumentOf(call, 1, 'parser');
	if (parser?.type === 'identifier') {
		parser = resolveLocal(parser);
	}
	return !!parser && parser.type === 'call' && keywordValue(parser, 'resolve_entities')?.type === 'false';
}

const shared = {
	languages: pyLanguages,
	vulnClass: 'xxe',
	cwe: [611, 776],
	owasp: owasp.misconfig,
	query,
} as const;

function taintedXml(ctx: MatchContext, parsers: RegExp): ReturnType<NonNullable<Rule['check']>> {
	const arg = firstArgument(ctx.node);
	if (!arg || !parsers.test(calleeName(ctx, ctx.node)) || hasSafeParser(ctx.node)) {
		return false;
	}
	const taint = ctx.taint(arg);
	return taint && !fromLocalUser(taint) ? { taint } : false;
}

/** Untrusted XML parsed by lxml with its default (entity-resolving) parser. */
export const pyLxmlUntrusted: Rule = {
	...shared,
	id: 'rampart.py.xxe.lxml-untrusted',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted XML is parsed by lxml with entity resolution on (XXE); use defusedxml or a parser with resolve_entities=False.',
	help:
		'lxml\'s default parser expands entities declared in the document\'s DTD (older versions also external ones), so a request body with ' +
		'`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>` can read local files, reach internal URLs, or explode in memory ("billion laughs"). ' +
		'Parse untrusted XML with `defusedxml.lxml` / `defusedxml.ElementTree`, or pass a hardened parser: ' +
		'`etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))`. ' +
		'Documents named on the command line of a CLI are not reported.',
	check: (ctx) => taintedXml(ctx, lxmlParsers),
};

/** Untrusted XML parsed by the standard library's xml modules. */
export const pyStdlibXmlUntrusted: Rule = {
	...shared,
	id: 'rampart.py.xxe.stdlib-untrusted',
	severity: 'warning',
	precision: 'medium',
	message: 'Untrusted XML is parsed with the standard xml modules; use defusedxml to block entity expansion attacks.',
	help:
		'The Python documentation states that `xml.etree`, `xml.dom.minidom`, `xml.dom.pulldom` and `xml.sax` are not secure against maliciously ' +
		'constructed data: depending on the Python and Expat versions they are open to entity-expansion denial of service ("billion laughs", ' +
		'quadratic blowup) and, for SAX with external entities enabled, to XXE file disclosure. For XML that comes from users or the network use ' +
		'the drop-in `defusedxml` package (`from defusedxml.ElementTree import fromstring`, `defusedxml.minidom.parseString`), which Rampart treats as safe.',
	check: (ctx) => taintedXml(ctx, stdlibParsers),
};
