import type { Node } from 'web-tree-sitter';
import { owasp, pyLanguages, type Rule } from '../../rule';
import { calleeObject, keywordNode, resolveLocal } from './pyHelpers';

const query = `
(call
  function: (attribute attribute: (identifier) @fn)
  (#any-of? @fn "extractall" "extract")) @finding
`;

/** Is the receiver a tar archive: `tarfile.open(...)`, a `with tarfile.open(...) as tar` target, or a name saying so? */
function isTarArchive(archive: Node): boolean {
	if (/tarfile\.(open|TarFile)\s*\(/.test(archive.text)) {
		return true;
	}
	if (archive.type !== 'identifier') {
		return false;
	}
	const value = resolveLocal(archive);
	if (value) {
		return /tarfile\.(open|TarFile)\s*\(/.test(value.text);
	}
	// `with tarfile.open(...) as tar:` binds through a with-item, which resolveLocal does not follow.
	for (let p = archive.parent; p; p = p.parent) {
		if (p.type === 'with_statement') {
			for (const item of p.descendantsOfType('as_pattern')) {
				if (item?.childForFieldName('alias')?.text === archive.text && /tarfile\.(open|TarFile)\s*\(/.test(item.text)) {
					return true;
				}
			}
		}
	}
	return false;
}

/** `tarfile` extraction without a member filter: archive entries can write outside the target directory. */
export const pyTarExtract: Rule = {
	languages: pyLanguages,
	vulnClass: 'path-traversal',
	cwe: [22],
	owasp: owasp.integrity,
	id: 'rampart.py.path-traversal.tar-extract',
	severity: 'warning',
	precision: 'medium',
	message: 'tarfile extraction without a filter: entries like "../../x" or symlinks can write outside the target directory.',
	help:
		'`TarFile.extractall()` and `extract()` trust the member names and links inside the archive (CVE-2007-4559): an uploaded or downloaded ' +
		'archive can overwrite any file the process may write. On Python 3.12+ (and patched 3.8–3.11) pass `filter="data"`, which rejects absolute ' +
		'paths, `..` and dangerous links; on older versions check every member\'s resolved path against the target directory before extracting, ' +
		'and pass the vetted list with `members=`. (`zipfile` already strips such names and is not reported.)',
	query,
	check: (ctx) => {
		const archive = calleeObject(ctx.node);
		return !!archive && isTarArchive(archive) && !keywordNode(ctx.node, 'filter') && !keywordNode(ctx.node, 'members');
	},
};
