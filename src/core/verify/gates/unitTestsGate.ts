// unit_tests: the project's own tests ran in the sandbox and passed.
import type { Gate } from './gateTypes';
import { judgeSteps } from './stepGate';

export const unitTestsGate: Gate = {
	kind: 'unit_tests',
	run: async (context) => judgeSteps(context, ['test'], 'tests'),
};
