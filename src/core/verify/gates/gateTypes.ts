// Contract gates: each decides success, hard fail, or skipped — always with a reason, so "skipped"
// can never be mistaken for "success".
import type { SandboxPort } from '../../sandbox/sandboxPort';
import type { Contract } from '../../store/schemas';
import type { EvidenceRecord } from '../evidence';
import type { StackPlan } from '../stackTypes';
import type { VerificationResult } from '../verificationRun';

export const GATE_KINDS = ['build_imports', 'unit_tests', 'security_sast', 'security_deps', 'policy'] as const;
export type GateKind = (typeof GATE_KINDS)[number];
export type GateOutcome = 'success' | 'hard_fail' | 'skipped';

/** One contract violation or failing check, with where it is when it is in a file. */
export interface GateDetail {
	message: string;
	file?: string;
	line?: number;
	column?: number;
	ruleId?: string;
}

export interface GateResult {
	id: string;
	kind: GateKind;
	outcome: GateOutcome;
	blocking: boolean;
	reason: string;
	details: GateDetail[];
	evidence: EvidenceRecord[];
}

export interface GateContext {
	root: string;
	contract: Contract;
	plans: readonly StackPlan[];
	/** The verification run the build and test gates read. */
	verification?: VerificationResult;
	sandbox?: SandboxPort;
	allowNetwork: boolean;
	/** Registry settings for audits (npm_config_registry, PIP_INDEX_URL): a company mirror, for example. */
	auditEnv?: Readonly<Record<string, string>>;
	runId: string;
	now?: () => Date;
}

export type GateResultBody = Omit<GateResult, 'id' | 'kind' | 'blocking'>;

export interface Gate {
	kind: GateKind;
	run(context: GateContext): Promise<GateResultBody>;
}

export const success = (reason: string, extra: Partial<GateResultBody> = {}): GateResultBody => ({ outcome: 'success', reason, details: [], evidence: [], ...extra });
export const hardFail = (reason: string, extra: Partial<GateResultBody> = {}): GateResultBody => ({ outcome: 'hard_fail', reason, details: [], evidence: [], ...extra });
export const skipped = (reason: string, extra: Partial<GateResultBody> = {}): GateResultBody => ({ outcome: 'skipped', reason, details: [], evidence: [], ...extra });
