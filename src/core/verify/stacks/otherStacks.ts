// Go, Rust, PHP (Composer) and a bare Dockerfile: the standard tool of each stack already knows how
// to build, check and test, so the commands are fixed and only the marker file decides.
import { type ProjectFiles, type StackPlan, step } from '../stackTypes';

export async function detectGo(files: ProjectFiles): Promise<StackPlan | undefined> {
	if (!(await files.exists('go.mod'))) {
		return undefined;
	}
	return {
		stack: 'go',
		image: 'golang:1.22-bookworm',
		detectedFrom: ['go.mod', ...((await files.exists('go.sum')) ? ['go.sum'] : [])],
		steps: {
			install: step('go', ['mod', 'download'], 'allowed'),
			build: step('go', ['build', './...']),
			lint: step('go', ['vet', './...']),
			test: step('go', ['test', './...']),
		},
		skipped: { typecheck: 'the Go compiler checks types during build', smoke: 'no generic way to start a Go program' },
	};
}

export async function detectRust(files: ProjectFiles): Promise<StackPlan | undefined> {
	if (!(await files.exists('Cargo.toml'))) {
		return undefined;
	}
	return {
		stack: 'rust',
		image: 'rust:1-slim-bookworm',
		detectedFrom: ['Cargo.toml', ...((await files.exists('Cargo.lock')) ? ['Cargo.lock'] : [])],
		steps: {
			install: step('cargo', ['fetch'], 'allowed'),
			build: step('cargo', ['build', '--offline']),
			lint: step('cargo', ['clippy', '--offline', '--', '-D', 'warnings']),
			typecheck: step('cargo', ['check', '--offline']),
			test: step('cargo', ['test', '--offline']),
		},
		skipped: { smoke: 'no generic way to start a Rust program' },
	};
}

interface ComposerJson {
	scripts?: Record<string, unknown>;
	'require-dev'?: Record<string, string>;
}

export async function detectPhp(files: ProjectFiles): Promise<StackPlan | undefined> {
	const text = await files.read('composer.json');
	if (text === undefined) {
		return undefined;
	}
	let composer: ComposerJson = {};
	try {
		composer = JSON.parse(text) as ComposerJson;
	} catch {
		// an unparsable composer.json still marks a PHP project; install will report the error
	}
	const plan: StackPlan = { stack: 'php', image: 'composer:2', detectedFrom: ['composer.json'], steps: {}, skipped: {} };
	if (await files.exists('composer.lock')) {
		plan.detectedFrom.push('composer.lock');
	}
	plan.steps.install = step('composer', ['install', '--no-interaction', '--no-progress'], 'allowed');
	plan.skipped.build = 'PHP has no build step';
	if (composer.scripts?.lint) {
		plan.steps.lint = step('composer', ['run-script', 'lint']);
	} else {
		plan.skipped.lint = 'no "lint" script in composer.json';
	}
	if (composer['require-dev']?.['phpstan/phpstan']) {
		plan.steps.typecheck = step('vendor/bin/phpstan', ['analyse', '--no-progress']);
	} else {
		plan.skipped.typecheck = 'phpstan is not a dev dependency';
	}
	if (composer.scripts?.test) {
		plan.steps.test = step('composer', ['run-script', 'test']);
	} else if (composer['require-dev']?.['phpunit/phpunit']) {
		plan.steps.test = step('vendor/bin/phpunit', []);
	} else {
		plan.skipped.test = 'no "test" script and no phpunit dev dependency';
	}
	plan.skipped.smoke = 'no generic way to start a PHP application';
	return plan;
}

/** A Dockerfile alone: the image build is the build step, run by the engine rather than inside a container. */
export async function detectDockerfile(files: ProjectFiles): Promise<StackPlan | undefined> {
	if (!(await files.exists('Dockerfile'))) {
		return undefined;
	}
	return {
		stack: 'docker',
		image: '',
		detectedFrom: ['Dockerfile'],
		steps: { build: step('docker', ['build', '--network', 'none', '.']) },
		skipped: {
			install: 'dependencies are installed by the Dockerfile itself',
			lint: 'no Dockerfile linter configured',
			typecheck: 'not applicable',
			test: 'tests run in the stack the Dockerfile builds',
			smoke: 'starting the built image is not automated yet',
		},
	};
}
