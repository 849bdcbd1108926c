// Runs the contract's gates and decides the overall outcome. The contract's own gate kinds map to
// Rampart's gates (build → build_imports, tests → unit_tests, sast → security_sast,
// dependencyAudit → security_deps); policy runs whenever the contract forbids an API or a package.
import { type Contract, SCHEMA_VERSION } from '../../store/schemas';
import { depsAuditGate } from './depsAuditGate';
import { type Gate, type GateContext, type GateKind, type GateOutcome, type GateResult, skipped } from './gateTypes';
import { policyGate } from './policyGate';
import { sastGate } from './sastGate';
import { buildImportsGate } from './buildImportsGate';
import { unitTestsGate } from './unitTestsGate';

export const GATES: Record<GateKind, Gate> = {
	build_imports: buildImportsGate,
	unit_tests: unitTestsGate,
	security_sast: sastGate,
	security_deps: depsAuditGate,
	policy: policyGate,
};

const KIND_OF: Record<Contract['gates'][number]['kind'], GateKind | undefined> = {
	build: 'build_imports',
	tests: 'unit_tests',
	sast: 'security_sast',
	dependencyAudit: 'security_deps',
	custom: undefined,
};

/** The contract used when the project has none: every gate, all blocking, nothing forbidden. */
export const DEFAULT_CONTRACT: Contract = {
	schemaVersion: SCHEMA_VERSION,
	name: 'default',
	forbiddenApis: [],
	forbiddenPackages: [],
	requiredProtections: [],
	gates: [
		{ id: 'build', kind: 'build', blocking: true },
		{ id: 'tests', kind: 'tests', blocking: true },
		{ id: 'sast', kind: 'sast', blocking: true },
		{ id: 'deps', kind: 'dependencyAudit', blocking: true },
	],
	network: 'none',
};

export interface ContractOutcome {
	outcome: GateOutcome;
	reason: string;
	gates: GateResult[];
}

export async function runContractGates(context: GateContext): Promise<ContractOutcome> {
	const gates: GateResult[] = [];
	for (const spec of context.contract.gates) {
		const kind = KIND_OF[spec.kind];
		if (!kind) {
			gates.push({ id: spec.id, kind: 'policy', blocking: spec.blocking, ...skipped(`custom gates${spec.command ? ` (${spec.command})` : ''} are not run yet`) });
			continue;
		}
		gates.push({ id: spec.id, kind, blocking: spec.blocking, ...(await GATES[kind].run(context)) });
	}
	if (context.contract.forbiddenApis.length > 0 || context.contract.forbiddenPackages.length > 0) {
		gates.push({ id: 'policy', kind: 'policy', blocking: true, ...(await policyGate.run(context)) });
	}
	return { ...overall(gates), gates };
}

/** Hard fail if a blocking gate failed; skipped if nothing was checked; success otherwise (skips are listed). */
export function overall(gates: readonly GateResult[]): { outcome: GateOutcome; reason: string } {
	const failed = gates.filter((g) => g.outcome === 'hard_fail' && g.blocking);
	if (failed.length > 0) {
		return { outcome: 'hard_fail', reason: `failed: ${failed.map((g) => g.id).join(', ')}` };
	}
	const checked = gates.filter((g) => g.outcome === 'success');
	const skips = gates.filter((g) => g.outcome === 'skipped');
	if (checked.length === 0) {
		return { outcome: 'skipped', reason: 'no gate could check anything' };
	}
	return { outcome: 'success', reason: `passed: ${checked.map((g) => g.id).join(', ')}${skips.length ? `; skipped: ${skips.map((g) => g.id).join(', ')}` : ''}` };
}
