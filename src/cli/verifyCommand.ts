// `rampart verify [DIR] [--contract FILE] [--format text|json|sarif]`: detects the stacks, runs
// install/build/lint/typecheck/test in a container (never on the host without a per-run approval
// naming each command), stores the evidence and decides the contract's gates. Exit status: 0 success,
// 1 a blocking gate failed, 2 usage or setup error (e.g. no container engine), 3 nothing could be checked.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DockerSandbox } from '../core/sandbox/dockerSandbox';
import { commandLine } from '../core/sandbox/hostSandbox';
import { selectSandbox } from '../core/sandbox/selectSandbox';
import type { SandboxPort } from '../core/sandbox/sandboxPort';
import { AnalysisStore } from '../core/store/analysisStore';
import { type Contract, contractSchema } from '../core/store/schemas';
import { evidencePath, storeEvidence } from '../core/verify/evidence';
import { DEFAULT_CONTRACT, runContractGates } from '../core/verify/gates/contractGates';
import { detectStacks } from '../core/verify/stackDetection';
import { folderFiles } from '../core/verify/stackTypes';
import { endpointsOf, runProbes, threatVerdicts } from '../core/verify/probes/probeRun';
import type { StackPlan } from '../core/verify/stackTypes';
import { RUN_ORDER, runVerification, toRunRecord } from '../core/verify/verificationRun';
import { exitCodeOf, toVerifyJson, toVerifySarif, toVerifyText, type VerifyReport } from '../core/verify/verifyReport';
import type { Io } from './scanCommand';

export const verifyUsage = `Usage: rampart verify [DIR] [options]

Detects the project's stacks, runs install/build/lint/typecheck/test in a container with no
network, stores the evidence under .rampart/, and decides the policy contract's gates.

Options:
  --contract FILE        Policy contract (YAML or JSON); default: the one in .rampart/, else all gates
  --format FORMAT        text (default), json or sarif
  --output FILE          Write the report to FILE instead of stdout
  --image IMAGE          Base image for every stack (default: one per stack)
  --docker-host URI      Container engine (default: DOCKER_HOST, then the standard sockets)
  --allow-network        Let install steps and dependency audits reach package registries
  --approve-host LINE    With no engine: run this exact command line on this machine (repeatable)
  --probes               Start the app (its start command) and run adversarial HTTP probes against the
                         threat model's entry interfaces; a failed threat fails the run
  --port N               Port the app listens on for --probes (default 3000; PORT is set to it)
  --no-store             Do not write evidence to .rampart/
  -h, --help             Show this help

Exit status: 0 success, 1 a blocking gate failed, 2 usage or setup error, 3 nothing could be checked.`;

export interface VerifyArgs {
	dir: string;
	contract?: string;
	format: 'text' | 'json' | 'sarif';
	output?: string;
	image?: string;
	dockerHost?: string;
	allowNetwork: boolean;
	approveHost: string[];
	store: boolean;
	probes: boolean;
	port: number;
	help: boolean;
}

class VerifyUsageError extends Error {}

const quoteArg = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
	const args: VerifyArgs = { dir: '.', format: 'text', allowNetwork: false, approveHost: [], store: true, probes: false, port: 3000, help: false };
	let dirSeen = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		const value = (): string => {
			const v = argv[++i];
			if (v === undefined) {
				throw new VerifyUsageError(`${arg} needs a value`);
			}
			return v;
		};
		switch (arg) {
			case '-h':
			case '--help':
				args.help = true;
				break;
			case '--contract':
				args.contract = value();
				break;
			case '--format': {
				const f = value();
				if (f !== 'text' && f !== 'json' && f !== 'sarif') {
					throw new VerifyUsageError(`unknown format '${f}' (use text, json or sarif)`);
				}
				args.format = f;
				break;
			}
			case '--output':
				args.output = value();
				break;
			case '--image':
				args.image = value();
				break;
			case '--docker-host':
				args.dockerHost = value();
				break;
			case '--allow-network':
				args.allowNetwork = true;
				break;
			case '--approve-host':
				args.approveHost.push(value());
				break;
			case '--probes':
				args.probes = true;
				break;
			case '--port': {
				const port = Number(value());
				if (!Number.isInteger(port) || port < 1 || port > 65535) {
					throw new VerifyUsageError('--port needs a port number');
				}
				args.port = port;
				break;
			}
			case '--no-store':
				args.store = false;
				break;
			default:
				if (arg.startsWith('-') || dirSeen) {
					throw new VerifyUsageError(`unexpected argument '${arg}'`);
				}
				args.dir = arg;
				dirSeen = true;
		}
	}
	return args;
}

async function loadContract(root: string, file: string | undefined, cwd: string): Promise<Contract> {
	if (file) {
		const text = await fs.readFile(resolve(cwd, file), 'utf8').catch(() => {
			throw new VerifyUsageError(`cannot read the contract ${file}`);
		});
		const data: unknown = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
		const parsed = contractSchema.safeParse(data);
		if (!parsed.success) {
			throw new VerifyUsageError(`the contract ${file} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
		}
		return parsed.data;
	}
	return (await AnalysisStore.forWorkspace(root).read('contract')) ?? DEFAULT_CONTRACT;
}

export async function verifyCommand(argv: readonly string[], io: Io, toolVersion: string): Promise<number> {
	let args: VerifyArgs;
	try {
		args = parseVerifyArgs(argv);
		if (args.help) {
			io.stdout.write(`${verifyUsage}\n`);
			return 0;
		}
		return await runVerify(args, io, toolVersion);
	} catch (error) {
		if (error instanceof VerifyUsageError) {
			io.stderr.write(`rampart verify: ${error.message}\n`);
			return 2;
		}
		throw error;
	}
}

async function runVerify(args: VerifyArgs, io: Io, toolVersion: string): Promise<number> {
	const root = resolve(io.cwd, args.dir);
	if (!(await fs.stat(root).catch(() => undefined))?.isDirectory()) {
		throw new VerifyUsageError(`not a folder: ${args.dir}`);
	}
	const contract = await loadContract(root, args.contract, io.cwd);
	const plans = await detectStacks(folderFiles(root), args.image ? { images: Object.fromEntries(['node', 'python', 'go', 'rust', 'php'].map((s) => [s, args.image])) } : {});
	const firstImage = plans.find((p) => p.image)?.image ?? args.image ?? 'debian:bookworm-slim';
	const choice = await selectSandbox({
		workspaceRoot: root,
		image: firstImage,
		setting: args.dockerHost,
		env: io.env,
		...(args.approveHost.length ? { hostApproval: { runId: 'cli', commands: args.approveHost } } : {}),
	});
	if (!choice.ok) {
		io.stderr.write(`rampart verify: ${choice.reason}\n`);
		const lines = plans.flatMap((p) => RUN_ORDER.flatMap((k) => (p.steps[k] && (p.steps[k].network === 'none' || args.allowNetwork) ? [commandLine(p.steps[k].command, p.steps[k].args)] : [])));
		if (lines.length > 0 && args.approveHost.length === 0) {
			io.stderr.write(`The commands this run would execute; to run them on this machine, approve each one:\n${lines.map((l) => `  --approve-host ${quoteArg(l)}`).join('\n')}\n`);
		}
		return 2;
	}
	const chosen = choice.sandbox;
	const perImage = new Map<string, SandboxPort>();
	const sandboxFor = (plan: { image: string }): SandboxPort => {
		if (!(chosen instanceof DockerSandbox) || !plan.image || plan.image === firstImage) {
			return chosen;
		}
		let sandbox = perImage.get(plan.image);
		if (!sandbox) {
			sandbox = chosen.withImage(plan.image);
			perImage.set(plan.image, sandbox);
		}
		return sandbox;
	};
	const verification = await runVerification({ sandbox: sandboxFor, plans, allowNetworkInstall: args.allowNetwork });
	const outcome = await runContractGates({ root, contract, plans, verification, sandbox: chosen, allowNetwork: args.allowNetwork, runId: verification.runId });
	const probes = args.probes ? await probeThreats(root, plans, sandboxFor, verification.runId, args.port) : undefined;
	const report: VerifyReport = { root, where: choice.note, verification, contract: outcome, ...(probes ? { probes } : {}) };
	if (args.store) {
		// Build and test gates cite the steps' records; only the gates' own commands are new evidence.
		const known = new Set(verification.evidence.map((e) => e.id));
		const gateEvidence = outcome.gates.flatMap((g) => g.evidence).filter((e) => !known.has(e.id));
		await storeEvidence(root, toRunRecord(verification), [...verification.evidence, ...gateEvidence, ...(probes?.evidence ?? [])], probes?.verdicts);
		report.evidenceFile = `.rampart/${evidencePath(verification.runId)}`;
	}
	const rendered = args.format === 'json' ? toVerifyJson(report) : args.format === 'sarif' ? toVerifySarif(report, toolVersion) : toVerifyText(report);
	if (args.output) {
		await fs.writeFile(resolve(io.cwd, args.output), rendered);
	} else {
		io.stdout.write(rendered);
	}
	return exitCodeOf(report);
}

/** Runs the probes when there is an app to start and HTTP entry interfaces to aim at; says why not otherwise. */
async function probeThreats(root: string, plans: readonly StackPlan[], sandboxFor: (plan: StackPlan) => SandboxPort, runId: string, port: number): Promise<NonNullable<VerifyReport['probes']>> {
	const model = await AnalysisStore.forWorkspace(root).read('threatModel');
	const plan = plans.find((p) => p.steps.smoke);
	const endpoints = model ? endpointsOf(model) : [];
	if (!model || !plan?.steps.smoke || endpoints.length === 0) {
		const reason = !model ? 'no threat model in .rampart/' : !plan?.steps.smoke ? 'no start command to run the app' : 'no HTTP entry interface (like "GET /path") in the threat model';
		return { ran: false, reason, verdicts: model ? model.threats.map((t) => ({ threatId: t.id, verdict: 'unverified' as const, reason, evidence: [] })) : [], evidence: [], counts: { passed: 0, failed: 0, notRun: 0 } };
	}
	const run = await runProbes({ sandbox: sandboxFor(plan), root, start: plan.steps.smoke, endpoints, runId, port });
	const count = (status: string): number => run.outcomes.filter((o) => o.status === status).length;
	return {
		ran: run.up,
		reason: run.up ? `${run.outcomes.length} probe(s) against ${endpoints.length} endpoint(s)` : `the app did not accept connections on port ${port}: ${run.appLog.trim().split('\n').slice(-3).join(' | ')}`,
		verdicts: threatVerdicts(model, run, runId),
		evidence: run.evidence,
		counts: { passed: count('passed'), failed: count('failed'), notRun: count('not_run') },
	};
}
