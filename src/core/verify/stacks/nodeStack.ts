// Node.js: package.json scripts decide build/lint/typecheck/test/smoke; the lockfile decides the
// package manager and whether install can be reproducible.
import { type ProjectFiles, type StackPlan, type StepCommand, step } from '../stackTypes';

interface PackageJson {
	scripts?: Record<string, string>;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
}

const LOCKFILES: { file: string; manager: 'npm' | 'yarn' | 'pnpm' | 'bun'; install: string[] }[] = [
	{ file: 'package-lock.json', manager: 'npm', install: ['ci'] },
	{ file: 'npm-shrinkwrap.json', manager: 'npm', install: ['ci'] },
	{ file: 'yarn.lock', manager: 'yarn', install: ['install', '--frozen-lockfile'] },
	{ file: 'pnpm-lock.yaml', manager: 'pnpm', install: ['install', '--frozen-lockfile'] },
	{ file: 'bun.lockb', manager: 'bun', install: ['install', '--frozen-lockfile'] },
	{ file: 'bun.lock', manager: 'bun', install: ['install', '--frozen-lockfile'] },
];

/** npm's placeholder test script, which only fails. */
const NPM_DEFAULT_TEST = /no test specified/;

function runScript(manager: string, name: string): StepCommand {
	return manager === 'yarn' ? step('yarn', [name]) : step(manager, ['run', name]);
}

export async function detectNode(files: ProjectFiles): Promise<StackPlan | undefined> {
	const text = await files.read('package.json');
	if (text === undefined) {
		return undefined;
	}
	let pkg: PackageJson;
	try {
		pkg = JSON.parse(text) as PackageJson;
	} catch {
		pkg = {};
	}
	const scripts = pkg.scripts ?? {};
	const deps = { ...pkg.dependencies, ...pkg.devDependencies };
	const plan: StackPlan = { stack: 'node', image: 'node:20-bookworm-slim', detectedFrom: ['package.json'], steps: {}, skipped: {} };

	let manager: string = 'npm';
	const lock = (await Promise.all(LOCKFILES.map(async (l) => ((await files.exists(l.file)) ? l : undefined)))).find(Boolean);
	if (lock) {
		manager = lock.manager;
		plan.detectedFrom.push(lock.file);
		plan.steps.install = step(lock.manager, lock.install, 'allowed');
	} else if (Object.keys(deps).length === 0) {
		plan.skipped.install = 'package.json declares no dependencies';
	} else {
		plan.steps.install = step('npm', ['install', '--no-audit', '--no-fund'], 'allowed');
	}

	if (scripts.build) {
		plan.steps.build = runScript(manager, 'build');
	} else {
		plan.skipped.build = 'no "build" script in package.json';
	}
	const lint = ['lint', 'eslint'].find((s) => scripts[s]);
	if (lint) {
		plan.steps.lint = runScript(manager, lint);
	} else {
		plan.skipped.lint = 'no "lint" script in package.json';
	}
	const typecheck = ['typecheck', 'type-check', 'check-types', 'tsc'].find((s) => scripts[s]);
	if (typecheck) {
		plan.steps.typecheck = runScript(manager, typecheck);
	} else if ((await files.exists('tsconfig.json')) && deps.typescript) {
		plan.detectedFrom.push('tsconfig.json');
		plan.steps.typecheck = step('npx', ['--no-install', 'tsc', '--noEmit']);
	} else {
		plan.skipped.typecheck = 'no "typecheck" script, and no tsconfig.json with typescript installed';
	}
	if (scripts.test && !NPM_DEFAULT_TEST.test(scripts.test)) {
		plan.steps.test = manager === 'yarn' ? step('yarn', ['test']) : step(manager, ['test']);
	} else {
		plan.skipped.test = scripts.test ? 'the "test" script is npm\'s placeholder' : 'no "test" script in package.json';
	}
	if (scripts.start) {
		plan.steps.smoke = runScript(manager, 'start');
	} else {
		plan.skipped.smoke = 'no "start" script in package.json';
	}
	return plan;
}
