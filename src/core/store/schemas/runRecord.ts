import { z } from 'zod';
import { isoTime, schemaVersion } from './common';

export const verdictSchema = z.object({
	/** The step (`build`, `test`, a probe name) the verdict is about. */
	step: z.string().min(1),
	/** The threat (T-n) the verdict is about, when it is about one. */
	threatId: z.string().optional(),
	verdict: z.enum(['verified', 'unverified', 'failed']),
	/** Evidence: a log excerpt, a file, a command with its exit status. */
	evidence: z.string().optional(),
});
export type Verdict = z.infer<typeof verdictSchema>;

export const runRecordSchema = z.object({
	id: z.string().min(1),
	kind: z.enum(['generation', 'scan', 'verification', 'analysis']),
	startedAt: isoTime,
	finishedAt: isoTime.optional(),
	status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
	model: z.string().optional(),
	summary: z.string(),
	stages: z.array(z.object({ name: z.string().min(1), status: z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']), detail: z.string().optional() })),
	tokens: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }).optional(),
	/** Verification runs: the verdict per step or per threat, with the evidence it rests on. */
	verdicts: z.array(verdictSchema).optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const runsSchema = z.object({ schemaVersion, runs: z.array(runRecordSchema) });
export type Runs = z.infer<typeof runsSchema>;
