// The generation pipeline: PRD → architecture → threat model → STPA-Sec seeding → code. Each
// stage's output is written to the store as its own version before the next starts, so a re-run
// resumes at the first stage whose output is missing (or at a stage the caller asks to re-run);
// the code stage records each written file (with its content hash) in the run record and resumes
// at the next unwritten file. A failing stage leaves everything stored before it untouched.
import { join } from 'node:path';
import type { SecurityEngine } from '../../../language-server/src/engine/securityEngine';
import type { AuditSink } from '../agent/auditLog';
import type { WorkspacePort } from '../agent/workspacePort';
import type { ChatModel } from '../llm/types';
import { AnalysisStore, type ArtifactChanges } from '../store/analysisStore';
import type { RunRecord, Runs } from '../store/schemas';
import { SCHEMA_VERSION } from '../store/schemas';
import { FolderStorePort } from '../store/storePort';
import { TraceGraph } from '../store/traceGraph';
import { StageError, STAGE_ORDER, UsageMeter, type Progress, type StageContext, type StageName } from './stageContext';
import { seedStpaGraph } from './stpaSeeding';
import { runArchitectureStage } from './stages/architectureStage';
import { runCodeStage, type FileOutcome } from './stages/codeStage';
import { runPrdStage } from './stages/prdStage';
import { runThreatModelStage, type ThreatModelMode } from './stages/threatModelStage';

export interface PipelineOptions {
	prompt: string;
	root: string;
	model: ChatModel;
	workspace: WorkspacePort;
	engine: () => Promise<SecurityEngine>;
	threatModel?: ThreatModelMode;
	candidates?: number;
	concurrency?: number;
	maxFixRounds?: number;
	/** See CodeStageOptions.readLedger (benchmarks turn it off to measure what it saves). */
	readLedger?: boolean;
	/** Re-run this stage and every later one even if their output is stored. */
	rerun?: StageName;
	/** Stop after this stage (tests, or "design only"). */
	stopAfter?: StageName;
	signal?: AbortSignal;
	audit?: AuditSink;
	onProgress?: (progress: Progress) => void;
	now?: () => Date;
}

export interface PipelineResult {
	runId: string;
	ran: StageName[];
	skipped: StageName[];
	files: FileOutcome[];
	usage: UsageMeter;
	/** Problems the store's completeness checks report on the seeded graph (none expected). */
	completeness: string[];
}

const author = { kind: 'agent' as const, name: 'rampart-generate' };
const FILE_STAGE = 'code:';

/** Files the code stage already wrote, from every earlier generation run's record. */
function writtenFiles(runs: Runs | undefined): Map<string, string> {
	const done = new Map<string, string>();
	for (const run of runs?.runs ?? []) {
		for (const s of run.stages) {
			const hash = /sha256:([0-9a-f]{64})/.exec(s.detail ?? '')?.[1];
			if (s.name.startsWith(FILE_STAGE) && s.status === 'succeeded' && hash) {
				done.set(s.name.slice(FILE_STAGE.length), hash);
			}
		}
	}
	return done;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
	const store = AnalysisStore.forWorkspace(options.root, { now: options.now });
	const storePort = new FolderStorePort(join(options.root, '.rampart'));
	const usage = new UsageMeter();
	const ctx: StageContext = { model: options.model, signal: options.signal, concurrency: options.concurrency ?? 4, onProgress: options.onProgress, usage };
	const now = () => (options.now ?? (() => new Date()))().toISOString();
	const existingRuns = await store.read('runs');
	const record: RunRecord = { id: `gen-${Date.now().toString(36)}`, kind: 'generation', startedAt: now(), status: 'running', model: `${options.model.info.kind}:${options.model.info.model}`, summary: options.prompt.slice(0, 200), stages: [] };
	const saveRecord = async (extra: ArtifactChanges = {}) => {
		record.tokens = { input: usage.total.inputTokens, output: usage.total.outputTokens };
		const runs: Runs = { schemaVersion: SCHEMA_VERSION, runs: [...(existingRuns?.runs ?? []).filter((r) => r.id !== record.id), record] };
		await store.write({ ...extra, runs }, { author, message: `generate: ${record.stages.at(-1)?.name ?? 'start'}` });
	};
	const rerunFrom = options.rerun ? STAGE_ORDER.indexOf(options.rerun) : STAGE_ORDER.length;
	const stopAt = options.stopAfter ? STAGE_ORDER.indexOf(options.stopAfter) : STAGE_ORDER.length - 1;
	const ran: StageName[] = [];
	const skipped: StageName[] = [];
	const files: FileOutcome[] = [];
	const stageDone = (name: StageName, status: RunRecord['stages'][number]['status'], detail?: string) => record.stages.push({ name, status, ...(detail ? { detail } : {}) });
	await saveRecord();
	try {
		let prd = await store.read('prd');
		let architecture = await store.read('architecture');
		let threatModel = await store.read('threatModel');
		let stpa = await store.read('stpa');
		const must = (stage: StageName, present: boolean) => !present || STAGE_ORDER.indexOf(stage) >= rerunFrom;
		for (const [i, stage] of STAGE_ORDER.entries()) {
			if (i > stopAt) {
				break;
			}
			const present = stage === 'prd' ? !!prd : stage === 'architecture' ? !!architecture : stage === 'threatModel' ? !!threatModel : stage === 'stpa' ? !!stpa : false;
			if (!must(stage, present)) {
				skipped.push(stage);
				stageDone(stage, 'skipped', 'output already stored');
				continue;
			}
			ctx.onProgress?.({ stage, step: 'start' });
			if (stage === 'prd') {
				prd = await runPrdStage(options.prompt, ctx);
				stageDone(stage, 'succeeded');
				await saveRecord({ prd });
			} else if (stage === 'architecture') {
				const out = await runArchitectureStage(prd!, ctx);
				architecture = out.architecture;
				stageDone(stage, 'succeeded', `${out.issuesBefore.length} issue(s) before reconciliation, ${out.reconciliation?.applied.length ?? 0} patch(es) applied, ${out.issuesAfter.length} left`);
				await saveRecord({ architecture });
			} else if (stage === 'threatModel') {
				const out = await runThreatModelStage(prd!, architecture!, { mode: options.threatModel ?? 'simple', candidates: options.candidates ?? 3 }, ctx);
				threatModel = out.threatModel;
				if (out.candidates.length > 0) {
					await storePort.writeAtomic('threat-model-candidates.json', `${JSON.stringify({ schemaVersion: 1, best: out.best, candidates: out.candidates }, null, '\t')}\n`);
				}
				stageDone(stage, 'succeeded', `${threatModel.threats.length} threat(s)${out.candidates.length ? `, candidate ${out.best + 1} of ${out.candidates.length} kept` : ''}`);
				await saveRecord({ threatModel });
			} else if (stage === 'stpa') {
				stpa = seedStpaGraph(prd!, architecture!, threatModel!);
				stageDone(stage, 'succeeded', `${stpa.nodes.length} nodes, ${stpa.edges.length} edges`);
				await saveRecord({ stpa });
			} else {
				const done = options.rerun === 'code' || STAGE_ORDER.indexOf(options.rerun ?? 'code') < STAGE_ORDER.indexOf('code') ? new Map<string, string>() : writtenFiles(existingRuns);
				const outcomes = await runCodeStage(
					{ root: options.root, workspace: options.workspace, engine: options.engine, storePort, prd: prd!, architecture: architecture!, threatModel: threatModel!, maxRounds: options.maxFixRounds, readLedger: options.readLedger, audit: options.audit, done, onFile: async (f) => {
						files.push(f);
						record.stages.push({ name: `${FILE_STAGE}${f.path}`, status: f.status === 'written' ? 'succeeded' : 'failed', detail: f.status === 'written' ? `sha256:${f.sha256} rounds:${f.rounds} findings:${f.findingsPerRound.join('/')} kept:${f.keptRound}` : f.detail });
						await saveRecord();
					} },
					ctx,
				);
				const failed = outcomes.filter((o) => o.status === 'failed');
				stageDone(stage, failed.length ? 'failed' : 'succeeded', `${outcomes.length - failed.length} file(s) written${failed.length ? `, failed: ${failed.map((f) => f.path).join(', ')}` : ''}`);
			}
			ran.push(stage);
		}
		record.status = record.stages.some((s) => s.status === 'failed') ? 'failed' : 'succeeded';
	} catch (error) {
		const cancelled = options.signal?.aborted === true;
		record.status = cancelled ? 'cancelled' : 'failed';
		const stage = error instanceof StageError ? error.stage : 'code';
		stageDone(stage, 'failed', (error as Error).message.slice(0, 500));
		record.finishedAt = now();
		await saveRecord();
		throw error instanceof StageError ? error : new StageError(stage, (error as Error).message, { cause: error });
	}
	record.finishedAt = now();
	await saveRecord();
	const graph = await store.read('stpa');
	const completeness = graph ? new TraceGraph(graph).completeness().map((p) => p.message) : [];
	return { runId: record.id, ran, skipped, files, usage, completeness };
}
