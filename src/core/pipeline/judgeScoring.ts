// The judge's verdict on one threat-model candidate: relevance, impact and exploitability on 1–10,
// weighted 0.33 / 0.33 / 0.34. The best candidate wins; ties go to the earliest; a candidate whose
// judge call failed is not ranked; when every call failed the first candidate is kept.
import { z } from 'zod';

export const judgeVerdictSchema = z.object({
	relevance: z.number().min(1).max(10),
	impact: z.number().min(1).max(10),
	exploitability: z.number().min(1).max(10),
	rationale: z.string().optional(),
});
export type JudgeVerdict = z.infer<typeof judgeVerdictSchema>;

export const JUDGE_WEIGHTS = { relevance: 0.33, impact: 0.33, exploitability: 0.34 } as const;

export function judgeScore(v: JudgeVerdict): number {
	const score = JUDGE_WEIGHTS.relevance * v.relevance + JUDGE_WEIGHTS.impact * v.impact + JUDGE_WEIGHTS.exploitability * v.exploitability;
	return Math.round(score * 1000) / 1000;
}

/** Index of the best candidate given each one's verdict (undefined = its judge call failed). */
export function pickBest(verdicts: ReadonlyArray<JudgeVerdict | undefined>): { best: number; scores: Array<number | undefined> } {
	const scores = verdicts.map((v) => (v === undefined ? undefined : judgeScore(v)));
	let best = 0;
	let bestScore = -Infinity;
	scores.forEach((s, i) => {
		if (s !== undefined && s > bestScore) {
			best = i;
			bestScore = s;
		}
	});
	return { best, scores };
}
