import { owasp, pyLanguages, type Rule } from '../../rule';
import { qualifiedName } from '../../imports';

const query = `
(attribute
  object: (identifier)
  attribute: (identifier) @name
  (#any-of? @name "_create_unverified_context" "CERT_NONE" "PROTOCOL_SSLv2" "PROTOCOL_SSLv3" "PROTOCOL_TLSv1" "PROTOCOL_TLSv1_1")) @finding
(assignment
  left: (attribute attribute: (identifier) @name)
  right: (false)
  (#eq? @name "check_hostname")) @finding
(keyword_argument
  name: (identifier) @kw
  value: (string) @name
  (#eq? @kw "cert_reqs")
  (#match? @name "CERT_NONE")) @finding
`;

/** The `ssl` module switched to accept any certificate or host name, or an obsolete protocol. */
export const pySslUnverified: Rule = {
	languages: pyLanguages,
	vulnClass: 'tls-verification',
	cwe: [295, 297, 326],
	owasp: owasp.crypto,
	id: 'rampart.py.tls-verification.unverified-context',
	severity: 'error',
	precision: 'high',
	message: 'An SSL context that skips certificate or host-name checks (or uses an obsolete protocol) is created.',
	help:
		'`ssl._create_unverified_context()`, `verify_mode = ssl.CERT_NONE` / `cert_reqs=ssl.CERT_NONE`, `check_hostname = False` and the ' +
		'SSLv2/SSLv3/TLS 1.0/1.1 protocol constants make TLS connections accept impostors or broken cryptography; assigning ' +
		'`ssl._create_default_https_context = ssl._create_unverified_context` does it for the whole process. ' +
		'Use `ssl.create_default_context()` (verification and host-name checks on, modern protocols) and, for a private CA, ' +
		'`context.load_verify_locations("internal-ca.pem")`; set `context.minimum_version = ssl.TLSVersion.TLSv1_2` if you need to be explicit.',
	query,
	check: (ctx) => {
		if (ctx.node.type !== 'attribute') {
			return true; // `check_hostname = False`, `cert_reqs="CERT_NONE"`: the query says it all.
		}
		// `ssl.CERT_NONE` set or passed counts; compared (`mode != ssl.CERT_NONE`) does not.
		const parent = ctx.node.parent?.type ?? '';
		if (!/^(assignment|keyword_argument|argument_list|call)$/.test(parent)) {
			return false;
		}
		const object = ctx.node.childForFieldName('object')?.text ?? '';
		const module = qualifiedName(object, ctx.imports);
		return module === 'ssl' || module === 'urllib3.util.ssl_' || object === 'ssl';
	},
};
