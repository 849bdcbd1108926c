// security_deps: the stack's own audit tool inside the sandbox — `npm audit --json` for Node with a
// lockfile, `pip-audit` for Python. Both ask an advisory database on the network, so without network
// permission, without a lockfile, or without the tool in the image the gate is skipped with that
// reason; it never reports success for an audit that did not run.
import { commandLine } from '../../sandbox/hostSandbox';
import type { SandboxPort } from '../../sandbox/sandboxPort';
import { type EvidenceRecord, excerpt } from '../evidence';
import type { StackPlan } from '../stackTypes';
import { type Gate, type GateDetail, type GateResultBody, hardFail, skipped, success } from './gateTypes';

interface AuditPlan {
	stack: string;
	/** The tool, as named to the user. */
	name: string;
	command: string;
	args: string[];
	parse(stdout: string): { vulnerable: GateDetail[] } | undefined;
}

interface NpmAudit {
	vulnerabilities?: Record<string, { severity?: string; via?: unknown[] }>;
}

function parseNpm(stdout: string): { vulnerable: GateDetail[] } | undefined {
	try {
		const json = JSON.parse(stdout) as NpmAudit;
		if (!json.vulnerabilities) {
			return undefined;
		}
		return { vulnerable: Object.entries(json.vulnerabilities).map(([name, v]) => ({ message: `${name}: ${v.severity ?? 'unknown'} severity advisory`, file: 'package-lock.json', ruleId: 'deps/npm-audit' })) };
	} catch {
		return undefined;
	}
}

interface PipAudit {
	dependencies?: { name: string; version?: string; vulns?: { id: string }[] }[];
}

function parsePip(stdout: string): { vulnerable: GateDetail[] } | undefined {
	try {
		const json = JSON.parse(stdout) as PipAudit;
		if (!json.dependencies) {
			return undefined;
		}
		return {
			vulnerable: json.dependencies
				.filter((d) => (d.vulns ?? []).length > 0)
				.map((d) => ({ message: `${d.name} ${d.version ?? ''}: ${(d.vulns ?? []).map((v) => v.id).join(', ')}`, file: 'requirements.txt', ruleId: 'deps/pip-audit' })),
		};
	} catch {
		return undefined;
	}
}

export function auditPlanFor(plan: StackPlan): AuditPlan | string {
	if (plan.stack === 'node') {
		const lock = plan.detectedFrom.find((f) => f === 'package-lock.json' || f === 'npm-shrinkwrap.json');
		if (!lock) {
			return plan.skipped.install?.includes('no dependencies') ? 'no dependencies to audit' : 'npm audit needs package-lock.json (no npm lockfile found)';
		}
		return { stack: 'node', name: 'npm audit', command: 'npm', args: ['audit', '--json'], parse: parseNpm };
	}
	if (plan.stack === 'python') {
		if (!plan.detectedFrom.includes('requirements.txt')) {
			return 'pip-audit is run against requirements.txt, which this project does not have';
		}
		return { stack: 'python', name: 'pip-audit', command: 'pip-audit', args: ['-r', 'requirements.txt', '--format', 'json', '--progress-spinner', 'off'], parse: parsePip };
	}
	return `no dependency audit tool is wired for ${plan.stack} yet`;
}

async function runAudit(sandbox: SandboxPort, audit: AuditPlan, runId: string, env: Readonly<Record<string, string>>): Promise<{ body?: GateResultBody; skip?: string; evidence: EvidenceRecord }> {
	const startedAt = new Date().toISOString();
	const result = await sandbox.run({ command: audit.command, args: audit.args, cwd: '', timeoutMs: 300_000, network: 'allowed', env: { CI: 'true', ...env } });
	const evidence: EvidenceRecord = {
		id: `${runId}/${audit.stack}/gate:security_deps`,
		step: 'gate:security_deps',
		stack: audit.stack,
		command: commandLine(audit.command, audit.args),
		where: result.where,
		startedAt,
		exitCode: result.exitCode,
		...(result.killedBy ? { killedBy: result.killedBy } : {}),
		durationMs: result.durationMs,
		status: 'passed',
		outputExcerpt: excerpt(result.stdout, result.stderr),
		truncated: result.truncated,
	};
	const missingTool = result.exitCode === 127 || (result.stdout.trim() === '' && /executable file not found|not found|No such file/i.test(result.stderr));
	if (missingTool) {
		return { skip: `${audit.name} is not installed where the commands run`, evidence: { ...evidence, status: 'skipped', reason: 'tool missing' } };
	}
	const parsed = audit.parse(result.stdout);
	if (!parsed) {
		return { skip: `${audit.name} gave no readable report (exit ${result.exitCode ?? result.killedBy})`, evidence: { ...evidence, status: 'skipped', reason: 'no report' } };
	}
	return parsed.vulnerable.length > 0
		? { body: hardFail(`${parsed.vulnerable.length} vulnerable package(s)`, { details: parsed.vulnerable }), evidence: { ...evidence, status: 'failed' } }
		: { body: success('no known vulnerable package'), evidence };
}

export const depsAuditGate: Gate = {
	kind: 'security_deps',
	async run(context) {
		const reasons: string[] = [];
		const evidence: EvidenceRecord[] = [];
		const results: GateResultBody[] = [];
		for (const plan of context.plans) {
			const audit = auditPlanFor(plan);
			if (typeof audit === 'string') {
				reasons.push(`${plan.stack}: ${audit}`);
			} else if (!context.allowNetwork) {
				reasons.push(`${plan.stack}: ${audit.name} asks an advisory database on the network, which this run does not allow`);
			} else if (!context.sandbox) {
				reasons.push(`${plan.stack}: no sandbox to run ${audit.name} in`);
			} else {
				const outcome = await runAudit(context.sandbox, audit, context.runId, context.auditEnv ?? {});
				evidence.push(outcome.evidence);
				if (outcome.body) {
					results.push(outcome.body);
				} else {
					reasons.push(`${plan.stack}: ${outcome.skip ?? 'not run'}`);
				}
			}
		}
		const failed = results.filter((r) => r.outcome === 'hard_fail');
		if (failed.length > 0) {
			return hardFail(failed.map((r) => r.reason).join('; '), { details: failed.flatMap((r) => r.details), evidence });
		}
		if (results.length === 0) {
			return skipped(reasons.length ? reasons.join('; ') : 'no stack detected', { evidence });
		}
		return success([...results.map((r) => r.reason), ...reasons.map((r) => `skipped ${r}`)].join('; '), { evidence });
	},
};
