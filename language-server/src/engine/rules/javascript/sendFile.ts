import { jsLanguages, owasp, type Rule } from '../../rule';
import { whenTainted } from '../ruleHelpers';
import { optionValue } from './jsHelpers';
import { callContext, callQuery } from './queryText';

const query = callQuery('sendFile|sendfile|download');

/** Express res.sendFile/res.download of a request-chosen path without a `root` option. */
export const sendFileTraversal: Rule = {
	languages: jsLanguages,
	vulnClass: 'path-traversal',
	cwe: [22],
	owasp: owasp.access,
	id: 'rampart.js.path-traversal.send-file',
	severity: 'error',
	precision: 'high',
	message: 'res.sendFile/res.download serves a request-chosen path without a root option.',
	help:
		'`res.sendFile(path.join(__dirname, "files", req.params.name))` normalises `../` before Express sees it, so any readable file (source code, `.env`, keys) can be downloaded. ' +
		'Pass the untrusted part as a relative path together with the `root` option (`res.sendFile(req.params.name, { root: filesDir })`): Express then refuses paths that leave the root. Alternatively serve static files with `express.static`.',
	query,
	check: (match) => {
		const ctx = callContext(match, /^(sendFile|sendfile|download)$/, ['path']);
		if (!ctx || !/^(res|response|reply)$|^(res|response)\.(status|type|set|attachment)\(/.test(ctx.text('obj')) || optionValue(ctx.node, 'root')) {
			return false;
		}
		return whenTainted(ctx, 'path');
	},
};
