// Stack detection from the files actually present: every detector looks at the folder, and each
// stack found contributes a plan. Base images can be overridden per stack (setting
// `rampart.verify.images`).
import { detectNode } from './stacks/nodeStack';
import { detectDockerfile, detectGo, detectPhp, detectRust } from './stacks/otherStacks';
import { detectPython } from './stacks/pythonStack';
import type { ProjectFiles, StackDetector, StackId, StackPlan } from './stackTypes';

/** Order matters only for display: the language stacks first, a Dockerfile last. */
export const DETECTORS: readonly StackDetector[] = [detectNode, detectPython, detectGo, detectRust, detectPhp, detectDockerfile];

export interface DetectOptions {
	images?: Partial<Record<StackId, string>>;
}

export async function detectStacks(files: ProjectFiles, options: DetectOptions = {}): Promise<StackPlan[]> {
	const plans = (await Promise.all(DETECTORS.map((d) => d(files)))).filter((p): p is StackPlan => p !== undefined);
	// A folder with package.json is not a Python project because of a helper script next to it.
	const hasPythonMarker = plans.some((p) => p.stack === 'python' && !p.detectedFrom.includes('*.py'));
	const languages = plans.filter((p) => p.stack !== 'docker' && p.stack !== 'python');
	const kept = plans.filter((p) => !(p.stack === 'python' && !hasPythonMarker && languages.length > 0));
	return kept.map((p) => ({ ...p, image: options.images?.[p.stack] ?? p.image }));
}
