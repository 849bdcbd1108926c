import type { CheckerSpec } from '../patterns';

/** CWE-22: the path is normalised and checked to stay inside its base folder before file access. */
export const pathContainment: CheckerSpec = {
	kind: 'path-containment',
	title: 'path normalisation and containment check',
	cwes: [22, 23, 36, 73],
	keywords: /path traversal|containment|normali[sz]|directory|basename|safe[_ ]?join/i,
	javascript: {
		evidence: [
			{ describe: 'containment check on the resolved path', call: /\.startsWith$/, anyArg: { text: /(root|base|dir|folder|upload|public|static)/i } },
			{ describe: 'path reduced to its base name', call: /^(path\.)?basename$/ },
			{ describe: 'sendFile with a root folder', call: /\.(sendFile|download)$/, pair: { key: /^root$/ } },
			{ describe: 'relative-path containment check', call: /^(path\.)?relative$/ },
		],
	},
	python: {
		evidence: [
			{ describe: 'containment check on the resolved path', call: /\.(startswith|is_relative_to)$|^os\.path\.commonpath$/ },
			{ describe: 'safe join or file name', call: /(^|\.)(secure_filename|safe_join|send_from_directory|basename)$/ },
		],
	},
};
