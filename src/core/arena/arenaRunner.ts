// The arena: the same task on several contestants (provider profiles or prompt variants), one
// after another or a few at once, within a token/cost budget, then a ranked comparison table
// (rule in arenaRanking.ts). A contestant that fails is a row with its error, never a lost run; once
// the budget is spent, contestants not yet started are skipped and say so.
import { mapBounded } from '../pipeline/boundedConcurrency';
import type { ChatModel, TokenUsage } from '../llm/types';
import { emptyUsage } from '../llm/types';
import type { ArenaTableView } from '../protocol/chatMessages';
import { type ArenaMeasurement, type ArenaResult, rankArena, rankingRule, type SeverityCounts } from './arenaRanking';

export interface ArenaContestant {
	/** Shown in the table: a profile id, or a profile and prompt variant. */
	label: string;
	createModel(): Promise<ChatModel>;
	/** Prices this contestant's usage in USD, when its price is known. */
	price?(usage: TokenUsage): number | undefined;
}

/** What a task reports about one run; the runner adds time and cost. */
export interface TaskOutcome {
	findings: SeverityCounts;
	verification: ArenaMeasurement['verification'];
	completenessProblems: number;
	usage: TokenUsage;
}

export interface ArenaTask {
	title: string;
	run(model: ChatModel, contestant: ArenaContestant, signal: AbortSignal): Promise<TaskOutcome>;
}

export interface ArenaOptions {
	/** Runs at once (1 = one after another, the default). */
	concurrency?: number;
	/** No contestant starts once this many tokens (input + output) or this many dollars are spent. */
	budget?: { maxTokens?: number; maxCostUsd?: number };
	signal?: AbortSignal;
	/** Milliseconds, for timing runs (tests pass a fake clock). */
	now?(): number;
	onProgress?(label: string, state: 'running' | 'done' | 'failed' | 'skipped'): void;
}

const noFindings = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0 });

export async function runArena(task: ArenaTask, contestants: readonly ArenaContestant[], options: ArenaOptions = {}): Promise<ArenaTableView> {
	const now = options.now ?? (() => performance.now());
	let tokens = 0;
	let cost = 0;
	const overBudget = (): boolean => (options.budget?.maxTokens !== undefined && tokens >= options.budget.maxTokens) || (options.budget?.maxCostUsd !== undefined && cost >= options.budget.maxCostUsd);
	const results = await mapBounded(contestants, options.concurrency ?? 1, async (contestant): Promise<ArenaResult> => {
		const failed = (error: string, usage = emptyUsage(), durationMs = 0): ArenaResult => ({
			contestant: contestant.label,
			measurement: { findings: noFindings(), verification: 'not-run', completenessProblems: 0, usage, durationMs, error },
		});
		if (options.signal?.aborted) {
			options.onProgress?.(contestant.label, 'skipped');
			return failed('skipped: the arena was stopped');
		}
		if (overBudget()) {
			options.onProgress?.(contestant.label, 'skipped');
			return failed('skipped: the budget was spent');
		}
		options.onProgress?.(contestant.label, 'running');
		const controller = new AbortController();
		const stop = () => controller.abort();
		options.signal?.addEventListener('abort', stop, { once: true });
		const started = now();
		try {
			const outcome = await task.run(await contestant.createModel(), contestant, controller.signal);
			const costUsd = contestant.price?.(outcome.usage);
			tokens += outcome.usage.inputTokens + outcome.usage.outputTokens;
			cost += costUsd ?? 0;
			options.onProgress?.(contestant.label, 'done');
			return {
				contestant: contestant.label,
				measurement: { findings: outcome.findings, verification: outcome.verification, completenessProblems: outcome.completenessProblems, usage: outcome.usage, durationMs: Math.round(now() - started), ...(costUsd === undefined ? {} : { costUsd }) },
			};
		} catch (error) {
			options.onProgress?.(contestant.label, 'failed');
			return failed(error instanceof Error ? error.message.split('\n')[0]! : String(error), emptyUsage(), Math.round(now() - started));
		} finally {
			options.signal?.removeEventListener('abort', stop);
		}
	});
	return { title: task.title, rule: rankingRule, rows: rankArena(results) };
}
