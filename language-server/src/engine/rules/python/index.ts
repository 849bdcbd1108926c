import type { Rule } from '../../rule';
import { pyAutoescapeOff } from './autoescapeOff';
import { pyEvalAudit, pyEvalInjection } from './evalInjection';
import { pyEcbMode } from './ecbMode';
import { pyHtmlResponse } from './htmlResponse';
import { pyInsecureRandom } from './insecureRandom';
import { pyJwtNoAlgorithms, pyJwtUnverified } from './jwtDecode';
import { pyMarkSafe, pyMarkSafeAudit } from './markSafe';
import { mongoOperatorInjection, mongoWhereAudit, mongoWhereInjection } from './nosqlInjection';
import { osCommandAudit, osCommandInjection } from './osCommand';
import { pyOpenRedirect } from './openRedirect';
import { pyPathTraversal } from './pathTraversal';
import { pySsrf } from './ssrf';
import { pyPickleAudit, pyPickleLoad } from './pickleLoad';
import { pyRedosNested, pyRedosTainted } from './redos';
import { pySecretAssignment } from './secretAssignment';
import { pySecretFormats } from './secretFormats';
import { pySslUnverified } from './sslContext';
import { sqlRawQuery, sqlRawQueryAudit } from './sqlInjection';
import { subprocessShellAudit, subprocessShellInjection } from './subprocessShell';
import { pyTarExtract } from './tarExtract';
import { pyTemplateInjection } from './templateInjection';
import { pyTemplateSafe } from './templateSafe';
import { pyTlsVerifyFalse } from './tlsVerifyFalse';
import { pyWeakCipher } from './weakCipher';
import { pyPasswordHash, pyWeakHash } from './weakHash';
import { pyXmlEntitiesEnabled } from './xmlEntities';
import { pyLxmlUntrusted, pyStdlibXmlUntrusted } from './xmlParse';
import { pyYamlLoad } from './yamlLoad';

/** Python rules, one file each (a rule and its audit twin share a file). */
export const pythonRules: readonly Rule[] = [
	sqlRawQuery,
	sqlRawQueryAudit,
	mongoOperatorInjection,
	mongoWhereInjection,
	mongoWhereAudit,
	osCommandInjection,
	osCommandAudit,
	subprocessShellInjection,
	subprocessShellAudit,
	pyEvalInjection,
	pyEvalAudit,
	pyTemplateInjection,
	pyMarkSafe,
	pyMarkSafeAudit,
	pyHtmlResponse,
	pyTemplateSafe,
	pyAutoescapeOff,
	pyPathTraversal,
	pyTarExtract,
	pySsrf,
	pyPickleLoad,
	pyPickleAudit,
	pyYamlLoad,
	pySecretFormats,
	pySecretAssignment,
	pyWeakHash,
	pyPasswordHash,
	pyWeakCipher,
	pyEcbMode,
	pyInsecureRandom,
	pyLxmlUntrusted,
	pyStdlibXmlUntrusted,
	pyXmlEntitiesEnabled,
	pyOpenRedirect,
	pyTlsVerifyFalse,
	pySslUnverified,
	pyJwtUnverified,
	pyJwtNoAlgorithms,
	pyRedosNested,
	pyRedosTainted,
];
