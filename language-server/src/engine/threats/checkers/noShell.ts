import type { CheckerSpec } from '../patterns';

/** CWE-78: commands run with an argument array and no shell. */
export const noShell: CheckerSpec = {
	kind: 'no-shell',
	title: 'argument arrays and no shell',
	cwes: [78, 77, 88],
	keywords: /shell|command|argument (array|list)|execfile|subprocess/i,
	javascript: {
		violations: [
			{ describe: 'command run through a shell', call: /^((child_process|cp|childProcess)\.)?(exec|execSync)$/, arg: { index: 0, type: /^(?!string$)/ } },
			{ describe: 'shell: true', call: /^((child_process|cp|childProcess)\.)?(spawn|spawnSync|execFile|execFileSync)$/, pair: { key: /^shell$/, type: /^(true|string)$/ } },
		],
		evidence: [
			{ describe: 'argument array without a shell', call: /^((child_process|cp|childProcess)\.)?(execFile|execFileSync|spawn|spawnSync)$/, arg: { index: 1, type: /^array$/ } },
		],
	},
	python: {
		violations: [
			{ describe: 'shell=True', call: /^subprocess\.\w+$|^(run|call|check_call|check_output|Popen)$/, pair: { key: /^shell$/, type: /^true$/ } },
			{ describe: 'command run through a shell', call: /^os\.(system|popen)$|^commands\.getoutput$/ },
		],
		evidence: [
			{ describe: 'argument list without a shell', call: /^(subprocess\.)?(run|call|check_call|check_output|Popen)$/, arg: { index: 0, type: /^list$/ }, lacksPair: /^shell$/ },
			{ describe: 'argument quoted with shlex', call: /^shlex\.quote$/ },
		],
	},
};
