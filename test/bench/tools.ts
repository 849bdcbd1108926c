import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One timed run of a command-line tool, or why it could not be measured. */
export type ToolRun =
	| { readonly measured: true; readonly tool: string; readonly seconds: number; readonly cpuSeconds?: number; readonly findings: number; readonly note?: string }
	| { readonly measured: false; readonly tool: string; readonly reason: string };

interface Timed {
	readonly seconds: number;
	/** User + system CPU time of the child (Linux /proc), robust to other load on the machine. */
	readonly cpuSeconds?: number;
	readonly status: number | null;
	readonly stderr: string;
	readonly error?: Error;
}

/** CPU seconds used by this process's finished children (cutime + cstime), if the OS tells. */
function childrenCpuSeconds(): number | undefined {
	try {
		const stat = readFileSync('/proc/self/stat', 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ is 100 on Linux.
	} catch {
		return undefined;
	}
}

function timed(command: string, args: readonly string[], cwd: string): Timed {
	const cpuBefore = childrenCpuSeconds();
	const started = performance.now();
	const r = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 * 1024 * 1024, timeout: 30 * 60_000 });
	const seconds = (performance.now() - started) / 1000;
	const cpuAfter = childrenCpuSeconds();
	const cpuSeconds = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
	return { seconds, ...(cpuSeconds !== undefined ? { cpuSeconds } : {}), status: r.status, stderr: r.stderr ?? '', ...(r.error ? { error: r.error } : {}) };
}

function tail(text: string): string {
	return text.trim().split('\n').slice(-3).join(' / ').slice(0, 300);
}

/** The repository's own CLI bundle as a user runs it: a fresh process, JSON report to a file. */
export function runRampartCli(repoRoot: string, corpusDir: string, targets: readonly string[], outDir: string): ToolRun {
	const out = join(outDir, 'rampart.json');
	const r = timed(process.execPath, [join(repoRoot, 'bin', 'rampart.js'), 'scan', ...targets, '--format', 'json', '--output', out, '--fail-on', 'none', '--parse-timeout', '60000'], corpusDir);
	if (r.status !== 0 || !existsSync(out)) {
		return { measured: false, tool: 'Rampart CLI', reason: `exit ${r.status}: ${tail(r.stderr)}` };
	}
	const doc = JSON.parse(readFileSync(out, 'utf8')) as { summary: { skipped: number; findings: Record<string, number>; suppressed: number } };
	const findings = Object.values(doc.summary.findings).reduce((a, b) => a + b, 0) + doc.summary.suppressed;
	return { measured: true, tool: 'Rampart CLI', seconds: r.seconds, cpuSeconds: r.cpuSeconds, findings, ...(doc.summary.skipped > 0 ? { note: `${doc.summary.skipped} files skipped` } : {}) };
}

/** Debian's `bandit`, recursive over the targets, JSON report to a file. */
export function runBandit(corpusDir: string, targets: readonly string[], outDir: string): ToolRun {
	const version = spawnSync('bandit', ['--version'], { encoding: 'utf8' });
	if (version.error || version.status !== 0) {
		return { measured: false, tool: 'Bandit', reason: 'bandit is not installed (apt-get install bandit)' };
	}
	const name = `Bandit ${/bandit (\S+)/.exec(version.stdout)?.[1] ?? ''}`.trim();
	const out = join(outDir, 'bandit.json');
	const r = timed('bandit', ['-r', ...targets, '-f', 'json', '-o', out, '-q'], corpusDir);
	// Bandit exits 1 when it reports issues; anything else, or no report, is a failed run.
	if ((r.status !== 0 && r.status !== 1) || !existsSync(out)) {
		return { measured: false, tool: name, reason: `exit ${r.status}: ${tail(r.stderr)}` };
	}
	const doc = JSON.parse(readFileSync(out, 'utf8')) as { results: unknown[]; errors: unknown[] };
	return { measured: true, tool: name, seconds: r.seconds, cpuSeconds: r.cpuSeconds, findings: doc.results.length, ...(doc.errors.length > 0 ? { note: `${doc.errors.length} files with errors` } : {}) };
}

/** ESLint's CLI with only eslint-plugin-security's recommended rules, JSON report to a file. */
export function runEslintSecurity(repoRoot: string, corpusDir: string, targets: readonly string[], outDir: string): ToolRun {
	const eslintBin = join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
	const plugin = join(repoRoot, 'node_modules', 'eslint-plugin-security', 'index.js');
	if (!existsSync(eslintBin) || !existsSync(plugin)) {
		return { measured: false, tool: 'ESLint + eslint-plugin-security', reason: 'eslint or eslint-plugin-security is not installed (npm install)' };
	}
	const versionOf = (pkg: string) => (JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
	const name = `ESLint ${versionOf('eslint')} + security ${versionOf('eslint-plugin-security')}`;
	// Flat config patterns are relative to the config file's folder: it sits beside the targets.
	const config = join(corpusDir, 'eslint.config.mjs');
	writeFileSync(
		config,
		[
			`import security from ${JSON.stringify(pathToFileURL(plugin).href)};`,
			'export default [',
			"\t{ files: ['esm/**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },",
			"\t{ files: ['cjs/**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },",
			"\t{ ...security.configs.recommended, files: ['**/*.js'] },",
			'\t{ linterOptions: { reportUnusedDisableDirectives: "off" } },',
			'];',
			'',
		].join('\n'),
	);
	const out = join(outDir, 'eslint.json');
	const r = timed(process.execPath, [eslintBin, '--config', config, '--format', 'json', '--output-file', out, '--no-warn-ignored', ...targets], corpusDir);
	if ((r.status !== 0 && r.status !== 1) || !existsSync(out)) {
		return { measured: false, tool: name, reason: `exit ${r.status}: ${tail(r.stderr)}` };
	}
	const doc = JSON.parse(readFileSync(out, 'utf8')) as Array<{ messages: Array<{ fatal?: boolean }> }>;
	const fatal = doc.reduce((a, f) => a + f.messages.filter((m) => m.fatal).length, 0);
	const findings = doc.reduce((a, f) => a + f.messages.length, 0) - fatal;
	return { measured: true, tool: name, seconds: r.seconds, cpuSeconds: r.cpuSeconds, findings, ...(fatal > 0 ? { note: `${fatal} files failed to parse` } : {}) };
}
