import type { Rule } from '../../rule';
import { codeExecutingParser } from './codeExecutingParser';
import { commandInjection, commandInjectionAudit } from './commandInjection';
import { domXss, domXssAudit } from './domXss';
import { dynamicRegexp } from './dynamicRegexp';
import { dynamicRequire } from './dynamicRequire';
import { evalAudit, evalInjection } from './evalInjection';
import { evalDeserialize } from './evalDeserialize';
import { hardcodedSecretAssignment } from './hardcodedSecretAssignment';
import { hardcodedSecretFormat } from './hardcodedSecretFormat';
import { insecureRandom } from './insecureRandom';
import { jwtDecodeWithoutVerify } from './jwtDecodeWithoutVerify';
import { jwtHardcodedSecret } from './jwtHardcodedSecret';
import { jwtInsecureVerify } from './jwtInsecureVerify';
import { jwtNoneAlgorithm } from './jwtNoneAlgorithm';
import { locationRedirect } from './locationRedirect';
import { nosqlFilterInjection, nosqlWhereAudit, nosqlWhereInjection } from './nosqlInjection';
import { openRedirect } from './openRedirect';
import { pathTraversal } from './pathTraversal';
import { protoPollutionKey } from './protoPollutionKey';
import { protoPollutionLibrary } from './protoPollutionLibrary';
import { protoPollutionMerge } from './protoPollutionMerge';
import { reactXss, reactXssAudit } from './reactXss';
import { regexDos } from './regexDos';
import { responseXss } from './responseXss';
import { sendFileTraversal } from './sendFile';
import { spawnShellInjection } from './spawnShell';
import { sqlInjection, sqlInjectionAudit } from './sqlInjection';
import { ssrf } from './ssrf';
import { tlsEnvDisabled } from './tlsEnvDisabled';
import { tlsRejectUnauthorized } from './tlsRejectUnauthorized';
import { unsafeDeserialize, unsafeDeserializeAudit } from './unsafeDeserialize';
import { vmInjection, vmInjectionAudit } from './vmInjection';
import { weakCipher } from './weakCipher';
import { weakHash, weakHashAudit } from './weakHash';
import { xxe } from './xxe';

/** JavaScript/TypeScript/TSX rules, one file each (a rule and its audit twin share a file), grouped by class. */
export const javascriptRules: readonly Rule[] = [
	sqlInjection,
	sqlInjectionAudit,
	nosqlFilterInjection,
	nosqlWhereInjection,
	nosqlWhereAudit,
	commandInjection,
	commandInjectionAudit,
	spawnShellInjection,
	evalInjection,
	evalAudit,
	vmInjection,
	vmInjectionAudit,
	dynamicRequire,
	domXss,
	domXssAudit,
	reactXss,
	reactXssAudit,
	responseXss,
	pathTraversal,
	sendFileTraversal,
	ssrf,
	unsafeDeserialize,
	unsafeDeserializeAudit,
	codeExecutingParser,
	evalDeserialize,
	hardcodedSecretFormat,
	hardcodedSecretAssignment,
	weakHash,
	weakHashAudit,
	weakCipher,
	insecureRandom,
	xxe,
	openRedirect,
	locationRedirect,
	tlsRejectUnauthorized,
	tlsEnvDisabled,
	protoPollutionKey,
	protoPollutionMerge,
	protoPollutionLibrary,
	jwtNoneAlgorithm,
	jwtDecodeWithoutVerify,
	jwtInsecureVerify,
	jwtHardcodedSecret,
	regexDos,
	dynamicRegexp,
];
