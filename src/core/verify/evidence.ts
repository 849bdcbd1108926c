// Evidence: what a command actually printed and returned, kept so every claim of the verification
// can be checked. One file per run under `.rampart/evidence/`, and the run itself (with one stage
// per step) in the store's runs document.
import { z } from 'zod';
import { AnalysisStore } from '../store/analysisStore';
import { isoTime, type RunRecord, SCHEMA_VERSION, schemaVersion } from '../store/schemas';
import { FolderStorePort } from '../store/storePort';
import { join } from 'node:path';

export const evidenceRecordSchema = z.object({
	id: z.string().min(1),
	/** `install`, `build`, … or `gate:<id>` for contract gates. */
	step: z.string().min(1),
	stack: z.string().optional(),
	/** The command line as run (no shell). */
	command: z.string(),
	where: z.enum(['container', 'host', 'rampart']),
	image: z.string().optional(),
	startedAt: isoTime,
	exitCode: z.number().int().nullable(),
	killedBy: z.enum(['timeout', 'cancelled', 'limit']).optional(),
	durationMs: z.number().nonnegative(),
	status: z.enum(['passed', 'failed', 'skipped']),
	reason: z.string().optional(),
	/** Head and tail of stdout+stderr. */
	outputExcerpt: z.string(),
	truncated: z.boolean(),
});
export type EvidenceRecord = z.infer<typeof evidenceRecordSchema>;

/** A threat's verdict from the adversarial probes, naming the evidence records it rests on. */
export const threatVerdictSchema = z.object({
	threatId: z.string().min(1),
	verdict: z.enum(['verified', 'unverified', 'failed']),
	reason: z.string(),
	evidence: z.array(z.string()),
});

export const evidenceFileSchema = z.object({
	schemaVersion,
	runId: z.string().min(1),
	records: z.array(evidenceRecordSchema),
	verdicts: z.array(threatVerdictSchema).optional(),
});
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;

export const EXCERPT_CHARS = 4000;

/** The head and tail of a command's output, within `max` characters. */
export function excerpt(stdout: string, stderr: string, max = EXCERPT_CHARS): string {
	const text = [stdout, stderr].filter((s) => s.length > 0).join(stdout.endsWith('\n') || !stdout ? '' : '\n');
	if (text.length <= max) {
		return text;
	}
	const half = Math.floor(max / 2);
	return `${text.slice(0, half)}\n[… ${text.length - 2 * half} characters …]\n${text.slice(-half)}`;
}

export const evidencePath = (runId: string): string => `evidence/${runId}.json`;

/** Writes the evidence file and appends the run to the store's runs document. */
export async function storeEvidence(
	workspaceRoot: string,
	run: RunRecord,
	records: readonly EvidenceRecord[],
	verdicts?: readonly z.infer<typeof threatVerdictSchema>[],
): Promise<void> {
	const port = new FolderStorePort(join(workspaceRoot, '.rampart'));
	const file: EvidenceFile = evidenceFileSchema.parse({ schemaVersion: SCHEMA_VERSION, runId: run.id, records, ...(verdicts ? { verdicts } : {}) });
	await port.writeAtomic(evidencePath(run.id), `${JSON.stringify(file, null, '\t')}\n`);
	const store = new AnalysisStore({ port });
	await store.head();
	const existing = (await store.read('runs')) ?? { schemaVersion: SCHEMA_VERSION, runs: [] };
	await store.write(
		{ runs: { ...existing, runs: [...existing.runs.filter((r) => r.id !== run.id), run] } },
		{ author: { kind: 'agent', name: 'rampart verify' }, message: `verification run ${run.id}: ${run.status}` },
	);
}

export async function readEvidence(workspaceRoot: string, runId: string): Promise<EvidenceFile | undefined> {
	const text = await new FolderStorePort(join(workspaceRoot, '.rampart')).read(evidencePath(runId));
	return text === undefined ? undefined : evidenceFileSchema.parse(JSON.parse(text));
}
