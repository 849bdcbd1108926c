// `npm test`: provisions what the suite needs, builds, then runs every layer of tests —
// typecheck, lint, unit + LSP + webview tests (mocha), the rule-quality gate (eval) and the
// end-to-end run in code-server — and ends with one line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const skipE2E = process.env.RAMPART_SKIP_E2E === '1';
let passed = 0;
let failed = 0;
const failures = [];

function run(label, command, args, options = {}) {
	process.stdout.write(`\n=== ${label} ===\n`);
	const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', stdio: options.capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', env: { ...process.env, ...options.env }, maxBuffer: 256 * 1024 * 1024 });
	if (options.capture) {
		process.stdout.write(result.stdout ?? '');
	}
	return result;
}

/** A step that counts as one test. */
function step(label, command, args, options) {
	const result = run(label, command, args, options);
	if (result.status === 0) {
		passed++;
	} else {
		failed++;
		failures.push(label);
	}
	return result;
}

const provision = run('provision', process.execPath, [join('test', 'tools', 'provision.mjs')]);
// The sandbox and verification tests run a real Docker engine on its own socket with images built offline.
const provisionDocker = provision.status === 0 ? run('provision docker', process.execPath, [join('test', 'tools', 'provisionDocker.mjs'), 'all']) : provision;
if (provision.status !== 0 || provisionDocker.status !== 0) {
	console.log(`\n0 passed, 1 failed`);
	process.exit(1);
}
step('build', process.execPath, ['.esbuild.mjs']);
step('typecheck', npm, ['run', '-s', 'typecheck']);
step('lint', npm, ['run', '-s', 'lint']);

const mocha = run('unit, LSP and webview tests (mocha)', process.execPath, [join('node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', 'spec'], { capture: true, env: { RAMPART_SKIP_BUILD: '1' } });
const passing = Number(/(\d+) passing/.exec(mocha.stdout ?? '')?.[1] ?? 0);
const failing = Number(/(\d+) failing/.exec(mocha.stdout ?? '')?.[1] ?? 0);
passed += passing;
failed += failing;
if (mocha.status !== 0 && failing === 0) {
	failed++;
	failures.push('mocha did not complete');
} else if (failing > 0) {
	failures.push(`${failing} mocha test(s)`);
}

if (existsSync(join(root, 'test', 'tools', 'eval.ts'))) {
	step('rule quality gate (npm run eval: macro F1 >= 0.9)', process.execPath, ['--import', 'tsx', join('test', 'tools', 'eval.ts')]);
}

if (skipE2E) {
	process.stdout.write('\n=== end-to-end in code-server: skipped (RAMPART_SKIP_E2E=1) ===\n');
} else {
	const e2e = run('end to end in code-server', process.execPath, ['--import', 'tsx', join('test', 'e2e', 'runE2E.ts')], { capture: true });
	const line = /E2E-RESULT (\{.*\})/.exec(e2e.stdout ?? '');
	if (line) {
		const counts = JSON.parse(line[1]);
		passed += counts.passed;
		failed += counts.failed;
		if (counts.failed > 0) {
			failures.push(`${counts.failed} end-to-end check(s)`);
		}
	}
	if (!line || (e2e.status !== 0 && !failures.some((f) => f.includes('end-to-end')))) {
		failed++;
		failures.push('end-to-end run did not complete');
	}
}

if (failures.length > 0) {
	console.log(`\nFailed: ${failures.join('; ')}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
