// Python: requirements / pyproject / lockfiles decide install; the tools named in the project
// (pytest, ruff, flake8, mypy) decide test, lint and typecheck. Build compiles every module, which
// catches syntax errors without any third-party tool.
import { type ProjectFiles, type StackPlan, step } from '../stackTypes';

const MARKERS = ['pyproject.toml', 'requirements.txt', 'setup.py', 'setup.cfg', 'Pipfile'];

export async function detectPython(files: ProjectFiles): Promise<StackPlan | undefined> {
	const present = (await Promise.all(MARKERS.map(async (m) => ((await files.exists(m)) ? m : undefined)))).filter((m): m is string => !!m);
	const root = await files.list('');
	const hasPyFiles = root.some((f) => f.endsWith('.py'));
	if (present.length === 0 && !hasPyFiles) {
		return undefined;
	}
	const texts = (await Promise.all(['pyproject.toml', 'requirements.txt', 'requirements-dev.txt', 'setup.cfg', 'Pipfile'].map((f) => files.read(f)))).join('\n');
	const mentions = (tool: string): boolean => new RegExp(`(^|[\\s"'\\[.])${tool}\\b`, 'm').test(texts);
	const plan: StackPlan = { stack: 'python', image: 'python:3.12-slim-bookworm', detectedFrom: present.length ? present : ['*.py'], steps: {}, skipped: {} };

	if (await files.exists('uv.lock')) {
		plan.detectedFrom.push('uv.lock');
		plan.steps.install = step('uv', ['sync', '--frozen'], 'allowed');
	} else if (await files.exists('poetry.lock')) {
		plan.detectedFrom.push('poetry.lock');
		plan.steps.install = step('poetry', ['install', '--no-interaction'], 'allowed');
	} else if (present.includes('requirements.txt')) {
		const reqs = ((await files.read('requirements.txt')) ?? '').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
		if (reqs.length === 0) {
			plan.skipped.install = 'requirements.txt lists no packages';
		} else {
			plan.steps.install = step('python3', ['-m', 'pip', 'install', '-r', 'requirements.txt'], 'allowed');
		}
	} else if (present.includes('pyproject.toml') || present.includes('setup.py')) {
		plan.steps.install = step('python3', ['-m', 'pip', 'install', '.'], 'allowed');
	} else {
		plan.skipped.install = 'no requirements or project file';
	}

	plan.steps.build = step('python3', ['-m', 'compileall', '-q', '-x', '(^|/)(\\.venv|venv|node_modules|\\.git)/', '.']);

	if (mentions('ruff') || (await files.exists('ruff.toml'))) {
		plan.steps.lint = step('ruff', ['check', '.']);
	} else if (mentions('flake8') || (await files.exists('.flake8'))) {
		plan.steps.lint = step('flake8', []);
	} else {
		plan.skipped.lint = 'no linter (ruff, flake8) named by the project';
	}
	if (mentions('mypy') || (await files.exists('mypy.ini'))) {
		plan.steps.typecheck = step('mypy', ['.']);
	} else {
		plan.skipped.typecheck = 'no type checker (mypy) named by the project';
	}

	const hasTests = (await files.exists('tests')) || (await files.exists('test')) || root.some((f) => /^test_.*\.py$|_test\.py$/.test(f));
	if (mentions('pytest') || (await files.exists('pytest.ini')) || (await files.exists('conftest.py'))) {
		plan.steps.test = step('python3', ['-m', 'pytest', '-q']);
	} else if (hasTests) {
		plan.steps.test = step('python3', ['-m', 'unittest', 'discover', '-v']);
	} else {
		plan.skipped.test = 'no tests found (no pytest configuration, tests/ folder or test_*.py)';
	}
	const entry = ['app.py', 'main.py', 'manage.py'].find((f) => root.includes(f));
	if (entry) {
		plan.steps.smoke = entry === 'manage.py' ? step('python3', ['manage.py', 'runserver', '--noreload']) : step('python3', [entry]);
	} else {
		plan.skipped.smoke = 'no app.py, main.py or manage.py';
	}
	return plan;
}
