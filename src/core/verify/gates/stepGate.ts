// Shared by build_imports and unit_tests, which read the verification run: the build (and type check) must have
// run and passed; the tests must have run and passed. A step that never ran is "skipped" with its
// reason, never "success".
import type { StepKind } from '../stackTypes';
import type { StepOutcome } from '../verificationRun';
import { type GateContext, type GateResultBody, hardFail, skipped, success } from './gateTypes';

export function judgeSteps(context: GateContext, kinds: readonly StepKind[], what: string): GateResultBody {
	const run = context.verification;
	if (!run) {
		return skipped(`no verification run to read the ${what} from`);
	}
	const steps = run.steps.filter((s) => kinds.includes(s.step));
	const ran = steps.filter((s): s is StepOutcome & { evidence: NonNullable<StepOutcome['evidence']> } => s.evidence !== undefined);
	const evidence = ran.map((s) => s.evidence);
	const failed = ran.filter((s) => s.status === 'failed');
	if (failed.length > 0) {
		return hardFail(`${what} failed: ${failed.map((s) => `${s.stack} ${s.step} (${s.reason ?? 'failed'})`).join(', ')}`, {
			evidence,
			details: failed.map((s) => ({ message: `${s.evidence.command}: ${s.reason ?? 'failed'}` })),
		});
	}
	if (ran.length === 0) {
		const why = steps.map((s) => `${s.stack} ${s.step}: ${s.reason ?? 'not run'}`).join('; ');
		return skipped(`no ${what} ran${why ? ` (${why})` : ''}`);
	}
	return success(`${what} passed: ${ran.map((s) => s.evidence.command).join(', ')}`, { evidence });
}
