// What every pipeline stage gets: the model, cancellation, bounded concurrency and a progress sink.
import type { ChatModel, TokenUsage } from '../llm/types';
import { addUsage, emptyUsage } from '../llm/types';

export type StageName = 'prd' | 'architecture' | 'threatModel' | 'stpa' | 'code';
export const STAGE_ORDER: readonly StageName[] = ['prd', 'architecture', 'threatModel', 'stpa', 'code'];

export interface Progress {
	stage: StageName;
	step: string;
	file?: string;
}

export interface StageContext {
	model: ChatModel;
	signal?: AbortSignal;
	/** Model calls in flight at once within a step (default 4). */
	concurrency?: number;
	onProgress?: (progress: Progress) => void;
	/** Tokens of every model call of the run, summed. */
	usage: UsageMeter;
}

export class UsageMeter {
	total: TokenUsage = emptyUsage();
	calls = 0;
	add(usage: TokenUsage): void {
		this.total = addUsage(this.total, usage);
		this.calls++;
	}
}

/** A stage failed: the message says which stage and why; nothing stored earlier is touched. */
export class StageError extends Error {
	constructor(
		readonly stage: StageName,
		message: string,
		options?: { cause?: unknown },
	) {
		super(`${stage} stage failed: ${message}`, options);
		this.name = 'StageError';
	}
}

/** Runs one model step; any error becomes a StageError naming the stage and the step. */
export async function stageStep<T>(stage: StageName, step: string, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof StageError) {
			throw error;
		}
		throw new StageError(stage, `${step}: ${(error as Error).message}`, { cause: error });
	}
}
