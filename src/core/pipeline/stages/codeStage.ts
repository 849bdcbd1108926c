// Stage 4: code generation on the agent runtime. One persistent AgentRun for the whole project.
// Files go in dependency order (the next file is always one whose dependencies are written); each
// prompt carries the file's design, its threats with their required protections and the adaptive
// security profile. write_file validates (parse errors, JSON) before writing; after the agent
// finishes a file, the SAST engine scans it and findings come back as a targeted fix prompt, up to
// `maxRounds` rounds; the best round is kept. Progress per file is reported so a crash or a cancel
// resumes at the next unwritten file.
import { createHash } from 'node:crypto';
import type { SecurityEngine } from '../../../../language-server/src/engine/securityEngine';
import type { Finding } from '../../../../language-server/src/engine/types';
import { AgentRun } from '../../agent/agentLoop';
import { ApprovalGate } from '../../agent/approvals';
import type { AuditSink } from '../../agent/auditLog';
import { Confinement } from '../../agent/confinement';
import { defaultTools } from '../../agent/tools/registry';
import type { WorkspacePort } from '../../agent/workspacePort';
import type { Architecture, Prd, ThreatModel } from '../../store/schemas';
import type { StorePort } from '../../store/storePort';
import { resolveAll } from '../dependencyResolution';
import { fixPrompt } from '../fixPrompt';
import { loadProfile, profilePrompt, raiseWeights, saveProfile } from '../securityProfile';
import { StageError, type StageContext } from '../stageContext';
import { topologicalLayers } from '../topologicalLayers';
import { renderDesigned } from './apiDesignStep';
import { fromStoredArchitecture } from './architectureStage';
import { renderPrd } from './prdStage';
import { renderThreats } from './threatSchemas';

export interface FileOutcome {
	path: string;
	status: 'written' | 'failed';
	rounds: number;
	/** Findings per round, in order; the kept round is the one with the fewest. */
	findingsPerRound: number[];
	keptRound: number;
	sha256?: string;
	detail?: string;
}

export interface CodeStageOptions {
	root: string;
	workspace: WorkspacePort;
	engine: () => Promise<SecurityEngine>;
	/** The store folder's port, for the security profile. */
	storePort: StorePort;
	prd: Prd;
	architecture: Architecture;
	threatModel: ThreatModel;
	maxRounds?: number;
	maxStepsPerFile?: number;
	/** Answer re-reads of unchanged files already in the conversation with a note (default true). */
	readLedger?: boolean;
	audit?: AuditSink;
	/** Files already written by an earlier run (path → sha256 of the content then). */
	done?: ReadonlyMap<string, string>;
	onFile?: (outcome: FileOutcome) => Promise<void>;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Files in the order the code stage writes them: by layer, then files left on cycles. */
export function writeOrder(architecture: Architecture): string[] {
	const { resolved } = resolveAll(architecture.files);
	const { layers, blocked } = topologicalLayers(resolved);
	return [...layers.flat(), ...blocked];
}

const weightOf = (findings: readonly Finding[]): number => findings.reduce((n, f) => n + (f.severity === 'error' ? 100 : f.severity === 'warning' ? 10 : 1), 0);

function systemPrompt(prd: Prd, architecture: Architecture): string {
	return [
		'You are Rampart, a security-first code generator. Write one project file at a time with write_file (complete content, never a fragment, no placeholders or TODOs), then call finish.',
		'Implement every required protection listed for the file. Import only what the architecture declares.',
		`PRD:\n${renderPrd(prd)}`,
		`Architecture (every file and its API):\n${renderDesigned(fromStoredArchitecture(architecture).files)}`,
	].join('\n\n');
}

function filePrompt(path: string, architecture: Architecture, threatModel: ThreatModel, written: ReadonlySet<string>, profile: string): string {
	const file = architecture.files.find((f) => f.path === path)!;
	const threats = threatModel.threats.filter((t) => t.anchor.file === path);
	return [
		`Write ${path} (${file.language}): ${file.purpose}`,
		`Its API:\n${file.api.map((a) => `${a.exported ? 'export ' : ''}${a.signature}`).join('\n') || '(no code symbols)'}`,
		`Dependencies: ${file.dependsOn.map((d) => `${d} ${written.has(d) ? '(written)' : '(not written)'}`).join(', ') || 'none'}`,
		threats.length ? `Threats to this file and the protections it must implement:\n${renderThreats(threats)}` : 'No threats are anchored to this file.',
		profile,
	].join('\n\n');
}

export async function runCodeStage(options: CodeStageOptions, ctx: StageContext): Promise<FileOutcome[]> {
	const maxRounds = options.maxRounds ?? 3;
	const engine = await options.engine();
	let profile = await loadProfile(options.storePort);
	const run = new AgentRun({
		model: ctx.model,
		tools: defaultTools(),
		context: { workspace: options.workspace, confinement: await Confinement.create(options.root), approvals: new ApprovalGate({ read: 'auto', write: 'auto', command: 'deny' }, undefined, options.audit), audit: options.audit, engine: options.engine },
		system: systemPrompt(options.prd, options.architecture),
		maxSteps: options.maxStepsPerFile ?? 8,
		signal: ctx.signal,
		readLedger: options.readLedger,
	});
	const readFile = async (path: string): Promise<string | undefined> => ((await options.workspace.stat(path))?.kind === 'file' ? options.workspace.read(path) : undefined);
	const written = new Set<string>();
	for (const [path, hash] of options.done ?? []) {
		const content = await readFile(path);
		if (content !== undefined && sha256(content) === hash) {
			written.add(path);
		}
	}
	const outcomes: FileOutcome[] = [];
	for (const path of writeOrder(options.architecture)) {
		if (written.has(path)) {
			continue;
		}
		if (ctx.signal?.aborted) {
			throw new StageError('code', 'cancelled');
		}
		ctx.onProgress?.({ stage: 'code', step: 'writing', file: path });
		const before = await readFile(path);
		const rounds: Array<{ content: string; findings: Finding[] }> = [];
		let prompt = filePrompt(path, options.architecture, options.threatModel, written, profilePrompt(profile));
		let detail: string | undefined;
		for (let round = 1; round <= maxRounds; round++) {
			const outcome = await run.send(prompt);
			ctx.usage.add(outcome.usage);
			if (outcome.status === 'cancelled') {
				throw new StageError('code', `cancelled while writing ${path}`);
			}
			const content = await readFile(path);
			if (content === undefined || (content === before && round === 1)) {
				detail = `the model did not write ${path} (${outcome.status})`;
				prompt = `${path} was not written. Write it now with write_file (complete content), then call finish.`;
				continue;
			}
			const findings = engine.analyze(path, content).findings.filter((f) => !f.suppression);
			rounds.push({ content, findings });
			if (findings.length === 0) {
				break;
			}
			profile = raiseWeights(profile, findings);
			await saveProfile(options.storePort, profile);
			ctx.onProgress?.({ stage: 'code', step: `${findings.length} finding(s), fix round ${round + 1}`, file: path });
			prompt = fixPrompt(path, findings, round + 1, maxRounds);
		}
		if (rounds.length === 0) {
			const failed: FileOutcome = { path, status: 'failed', rounds: maxRounds, findingsPerRound: [], keptRound: 0, detail };
			outcomes.push(failed);
			await options.onFile?.(failed);
			continue;
		}
		let kept = 0;
		rounds.forEach((r, i) => {
			if (weightOf(r.findings) < weightOf(rounds[kept]!.findings)) {
				kept = i;
			}
		});
		const final = rounds[kept]!.content;
		if (kept !== rounds.length - 1) {
			// The best round is put back (a later round made it worse); recorded like any other change.
			await options.workspace.write(path, final);
			await options.audit?.append('file-change', { tool: 'pipeline-keep-best-round', path, after: sha256(final), bytes: Buffer.byteLength(final, 'utf8') });
		}
		written.add(path);
		const result: FileOutcome = { path, status: 'written', rounds: rounds.length, findingsPerRound: rounds.map((r) => r.findings.length), keptRound: kept + 1, sha256: sha256(final) };
		outcomes.push(result);
		await options.onFile?.(result);
	}
	return outcomes;
}
