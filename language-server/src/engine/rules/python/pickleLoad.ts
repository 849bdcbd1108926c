import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { isLiteral } from '../ruleHelpers';
import { calleeName, firstArgument, keywordValue, resolveLocal } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list . (_))
  (#any-of? @fn "loads" "load" "Unpickler" "decode" "open" "read_pickle")) @finding
`;

/** Deserialisers that can construct arbitrary objects (and so run code) from their input. */
const unsafeLoaders =
	/^(pickle|cPickle|_pickle|dill|cloudpickle|joblib|marshal)\.(loads|load|Unpickler)$|^jsonpickle\.(decode|loads)$|^shelve\.open$|^(pandas|pd)\.read_pickle$|^(numpy|np)\.load$/;

function loaderOf(ctx: MatchContext): string | undefined {
	const name = calleeName(ctx, ctx.node);
	if (!unsafeLoaders.test(name)) {
		return undefined;
	}
	// numpy only unpickles with allow_pickle=True.
	if (/^(numpy|np)\.load$/.test(name) && keywordValue(ctx.node, 'allow_pickle')?.type !== 'true') {
		return undefined;
	}
	return name;
}

/** Bytes that arrive from the network, a socket or a shared cache: as untrusted as request data. */
const networkOrigin = /\.recv(from|_into)?\(|\brequests\.|\burlopen\(|\bhttpx\.|\.content\b|\b\w*(redis|cache|memcache)\w*\.(get|hget|lpop|blpop)\(|\.get_object\(|\bBody\b/i;

function fromNetwork(arg: Node): Node | undefined {
	let node: Node | undefined = arg;
	for (let depth = 0; node && depth < 4; depth++) {
		if (networkOrigin.test(node.text)) {
			return node;
		}
		const inner: Node | undefined = node.type === 'identifier' ? resolveLocal(node) : node.type === 'call' ? (node.childForFieldName('arguments')?.namedChildren[0] ?? undefined) : undefined;
		node = inner;
	}
	return undefined;
}

const shared = {
	languages: pyLanguages,
	vulnClass: 'deserialization',
	cwe: [502],
	owasp: owasp.integrity,
	query,
} as const;

/** Untrusted bytes given to pickle and friends: remote code execution. */
export const pyPickleLoad: Rule = {
	...shared,
	id: 'rampart.py.deserialization.pickle',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is unpickled; a crafted payload runs arbitrary code on load.',
	help:
		'`pickle`, `cPickle`, `dill`, `joblib`, `jsonpickle`, `shelve`, `marshal`, `pandas.read_pickle` and `numpy.load(allow_pickle=True)` ' +
		'rebuild objects by calling whatever the data names (`__reduce__`), so loading attacker bytes is remote code execution; no validation ' +
		'after the load can help. This rule fires when request data, a socket, an HTTP response or a shared cache reaches the loader. ' +
		'Exchange data as JSON (`json.loads`) or a schema format (protobuf, msgpack without extensions), and if pickle is unavoidable ' +
		'between your own services, sign the bytes with `hmac` and verify the signature with `hmac.compare_digest` before loading. ' +
		'Every other non-constant pickle load is reported by the audit rule `rampart.py.deserialization.pickle-audit`.',
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		if (!arg || !loaderOf(ctx)) {
			return false;
		}
		const taint = ctx.taint(arg);
		if (taint) {
			return { taint };
		}
		const origin = fromNetwork(arg);
		return origin ? { message: 'Bytes from the network or a shared cache are unpickled; a crafted payload runs arbitrary code on load.' } : false;
	},
};

/** Any other non-constant pickle load: audit level, because pickle trusts its input completely. */
export const pyPickleAudit: Rule = {
	...shared,
	id: 'rampart.py.deserialization.pickle-audit',
	severity: 'info',
	precision: 'low',
	message: 'Data is unpickled; make sure it can only come from a trusted source.',
	help:
		'Unpickling runs code chosen by whoever wrote the bytes. Rampart reports every pickle-family load it cannot trace to untrusted input ' +
		'at audit level, because files, caches, message queues and model files are often writable by others. ' +
		'Prefer JSON or a schema format; when pickle stays, keep the files in a directory only this service can write, or sign them with `hmac`.',
	check: (ctx) => {
		const arg = firstArgument(ctx.node);
		return !!arg && !!loaderOf(ctx) && !isLiteral(arg) && !ctx.taint(arg) && !fromNetwork(arg);
	},
};
