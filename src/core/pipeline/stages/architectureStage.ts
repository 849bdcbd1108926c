// Stage 2: file list → topological layers → per-file API design (the files of one layer
// concurrently, bounded; each sees the full signatures of every earlier layer) → the eight
// cross-file checks → one reconciliation call whose patches are applied → re-validation.
// The stored document keeps only dependencies that resolve; every remaining issue is recorded in
// its `validation` list.
import { generateObject } from '../../llm/generateObject';
import { SCHEMA_VERSION, type Architecture, type Prd } from '../../store/schemas';
import { mapBounded } from '../boundedConcurrency';
import { ARCHITECTURE_CHECKS, buildIndex, type ArchitectureIssue } from '../checks';
import { resolveAll } from '../dependencyResolution';
import type { DraftArchitecture, DraftFile } from '../draftArchitecture';
import { applyPatches, reconciliationSchema, type PatchOutcome } from '../reconciliationPatches';
import { stageStep, type StageContext } from '../stageContext';
import { topologicalLayers } from '../topologicalLayers';
import { designFileApi, renderDesigned } from './apiDesignStep';
import { runFileListStep } from './fileListStep';
import { renderPrd } from './prdStage';

export interface ArchitectureOutcome {
	architecture: Architecture;
	/** Issues found before reconciliation, the patches' outcome, issues left after. */
	issuesBefore: ArchitectureIssue[];
	reconciliation?: Pick<PatchOutcome, 'applied' | 'rejected'>;
	issuesAfter: ArchitectureIssue[];
	layers: string[][];
}

export function checkDesign(design: DraftArchitecture): ArchitectureIssue[] {
	const index = buildIndex(design);
	return ARCHITECTURE_CHECKS.flatMap((c) => c.run(index));
}

/** The stored form: resolved dependencies only, and one validation entry per check. */
export function toStoredArchitecture(design: DraftArchitecture, issues: readonly ArchitectureIssue[]): Architecture {
	const { resolved } = resolveAll(design.files);
	return {
		schemaVersion: SCHEMA_VERSION,
		files: design.files.map((f) => ({ path: f.path, purpose: f.purpose, language: f.language, api: f.api, dependsOn: resolved.get(f.path) ?? [] })),
		packages: design.packages,
		validation: ARCHITECTURE_CHECKS.map((c) => {
			const found = issues.filter((i) => i.check === c.name);
			return { check: c.name, passed: found.length === 0, message: found.length === 0 ? 'ok' : found.map((i) => i.message).join('\n') };
		}),
	};
}

const reconcileSystem = `You are Rampart's software architect. Programmatic checks found inconsistencies between the files of a design. Answer with patches that fix every issue with the smallest change: addDependency / removeDependency, renameSymbol, setSignature, replaceFile (the whole design of an existing file), addFile, removeFile. Use exact file paths.`;

async function reconcile(design: DraftArchitecture, issues: ArchitectureIssue[], prd: Prd, ctx: StageContext): Promise<PatchOutcome> {
	ctx.onProgress?.({ stage: 'architecture', step: `reconciling ${issues.length} issue(s)` });
	const prompt = [`PRD:\n${renderPrd(prd)}`, `Design:\n${renderDesigned(design.files)}`, `Issues:\n${issues.map((i) => `- [${i.check}] ${i.message}`).join('\n')}`].join('\n\n');
	const result = await stageStep('architecture', 'reconciliation', () => generateObject(ctx.model, { schema: reconciliationSchema, name: 'reconciliation', system: reconcileSystem, prompt, signal: ctx.signal, maxTokens: 8192 }));
	ctx.usage.add(result.usage);
	return applyPatches(design, result.object.patches);
}

export async function runArchitectureStage(prd: Prd, ctx: StageContext): Promise<ArchitectureOutcome> {
	const list = await runFileListStep(prd, ctx);
	const { resolved } = resolveAll(list.files);
	const { layers } = topologicalLayers(resolved);
	const fileIndex = list.files.map((f) => `- ${f.path}: ${f.purpose}`).join('\n');
	const designed: DraftFile[] = [];
	for (const layer of layers) {
		const earlier = [...designed];
		const entries = layer.map((path) => list.files.find((f) => f.path === path)!).map((f) => ({ ...f, dependsOn: resolved.get(f.path) ?? [] }));
		const results = await mapBounded(entries, ctx.concurrency ?? 4, (f) => designFileApi(f, prd, fileIndex, earlier, ctx));
		designed.push(...results);
	}
	let design: DraftArchitecture = { files: designed, packages: list.packages };
	const issuesBefore = checkDesign(design);
	let reconciliation: ArchitectureOutcome['reconciliation'];
	if (issuesBefore.length > 0) {
		const outcome = await reconcile(design, issuesBefore, prd, ctx);
		design = outcome.design;
		reconciliation = { applied: outcome.applied, rejected: outcome.rejected };
	}
	const issuesAfter = checkDesign(design);
	ctx.onProgress?.({ stage: 'architecture', step: issuesAfter.length === 0 ? 'design consistent' : `${issuesAfter.length} issue(s) left after reconciliation` });
	const finalLayers = topologicalLayers(resolveAll(design.files).resolved);
	return { architecture: toStoredArchitecture(design, issuesAfter), issuesBefore, reconciliation, issuesAfter, layers: finalLayers.layers };
}

/** Back from the stored form, for resuming later stages. */
export function fromStoredArchitecture(architecture: Architecture): DraftArchitecture {
	return { files: architecture.files.map((f) => ({ path: f.path, purpose: f.purpose, language: f.language, api: f.api, dependsOn: f.dependsOn })), packages: architecture.packages };
}
