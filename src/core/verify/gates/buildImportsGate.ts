// build_imports: the project builds (build and type-check steps ran in the sandbox and passed).
import type { Gate } from './gateTypes';
import { judgeSteps } from './stepGate';

export const buildImportsGate: Gate = {
	kind: 'build_imports',
	run: async (context) => judgeSteps(context, ['build', 'typecheck'], 'build'),
};
