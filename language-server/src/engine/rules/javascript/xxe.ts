import type { Node } from 'web-tree-sitter';
import { jsLanguages, owasp, type CheckResult, type MatchContext, type Rule } from '../../rule';
import { argumentsOf, optionValue } from './jsHelpers';
import { callParts, callQuery, newQuery } from './queryText';

const query = callQuery('parseXml|parseXmlString|parseXmlAsync|parseHtml|parseHtmlString|fromXml|parseXmlFragment') + newQuery('SaxParser|SaxPushParser|XmlParser');

/** libxml2 options that resolve external entities or load external DTDs. */
const dangerousOptions: ReadonlyArray<[string, string]> = [
	['noent', 'substitutes entities, including external ones (noent: true)'],
	['dtdload', 'loads external DTDs (dtdload: true)'],
	['dtdvalid', 'loads external DTDs to validate (dtdvalid: true)'],
	['dtdattr', 'loads external DTDs for default attributes (dtdattr: true)'],
];

function isOn(value: Node | undefined): boolean {
	return value?.type === 'true' || (value?.type === 'number' && value.text !== '0');
}

function check(ctx: MatchContext): CheckResult {
	if (!/^(parseXml|parseXmlString|parseXmlAsync|parseHtml|parseHtmlString|fromXml|parseXmlFragment|SaxParser|SaxPushParser|XmlParser)$/.test(callParts(ctx.node)?.name.text ?? '')) {
		return false;
	}
	for (const [key, what] of dangerousOptions) {
		if (isOn(optionValue(ctx.node, key))) {
			const xml = ctx.node.type === 'call_expression' ? argumentsOf(ctx.node)[0] : undefined;
			const tainted = xml ? ctx.taint(xml) : undefined;
			return { message: `The XML parser ${what}: a DOCTYPE in the input can read local files or call internal URLs (XXE).`, ...(tainted ? { taint: tainted } : {}) };
		}
	}
	return false;
}

/** libxmljs/libxmljs2 parsing with external entity expansion or DTD loading turned on. */
export const xxe: Rule = {
	languages: jsLanguages,
	vulnClass: 'xxe',
	cwe: [611, 776],
	owasp: owasp.misconfig,
	id: 'rampart.js.xxe.libxml-external-entities',
	severity: 'error',
	precision: 'high',
	message: 'The XML parser resolves external entities or loads external DTDs (XXE).',
	help:
		'libxmljs/libxmljs2 are safe by default, but `noent: true` replaces entities with their definitions, so `<!ENTITY x SYSTEM "file:///etc/passwd">` puts local files into the document, and `dtdload`/`dtdvalid` fetch external DTDs (server-side requests, out-of-band data theft). ' +
		'Remove these options (and keep `nonet: true`); if you need entities, reject documents that contain a `<!DOCTYPE`. For plain data consider a parser without DTD support such as fast-xml-parser.',
	query,
	check,
};
