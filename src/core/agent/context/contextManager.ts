// Keeps a run's history inside the model's context window. Before every model call: a summary
// finished in the background is applied; from `backgroundAt` of the budget a summary of the middle
// is started in the background (it runs while the model answers and the tools work); from
// `blockingAt` the call waits for it. A context-overflow error from the provider triggers a
// deterministic cut instead (no model call). History is only ever cut in front of a turn.
import type { ChatMessage, ChatModel, ToolDefinition } from '../../llm/types';
import { renderAnchors, type AnchorSources, type AnchorState } from './anchors';
import { compactedHistory, safeCut, shrinkToolResults, summarise, toolPairProblems } from './compaction';
import { TokenBudget, contextWindowOf, roughTokens } from './tokenBudget';

export interface ContextOptions {
	/** Tokens the model accepts; default: the model's own figure or its family's. */
	contextWindow?: number;
	/** Tokens kept free for the answer (default: maxTokens, else 1/8 of the window up to 16k). */
	reservedForOutput?: number;
	/** Share of the budget at which a background summary starts (default 0.75). */
	backgroundAt?: number;
	/** Share of the budget at which the next call waits for the summary (default 0.95). */
	blockingAt?: number;
	/** Turns kept verbatim (default 2). */
	keepTurns?: number;
	anchors?: AnchorSources;
	/** Output tokens for the summary (default 2000). */
	summaryMaxTokens?: number;
}

export type ContextEvent =
	| { type: 'compaction-started'; tokens: number; limit: number; blocking: boolean }
	| { type: 'compacted'; kind: 'summary' | 'cut'; tokensBefore: number; tokensAfter: number; messagesRemoved: number }
	| { type: 'compaction-failed'; error: string };

interface Pending {
	generation: number;
	cut: number;
	result: Promise<{ ok: true; text: string } | { ok: false; error: string }>;
}

export class ContextManager {
	readonly budget: TokenBudget;
	private readonly keepTurns: number;
	private pending?: Pending;
	/** Bumped whenever the history is rewritten; a summary of an older history is dropped. */
	private generation = 0;
	private count = 0;

	constructor(
		private readonly model: ChatModel,
		private readonly options: ContextOptions,
		private readonly state: () => AnchorState,
		private readonly onEvent: (event: ContextEvent) => void = () => undefined,
		maxTokens?: number,
	) {
		this.budget = new TokenBudget({
			contextWindow: contextWindowOf(model.info, options.contextWindow),
			reservedForOutput: options.reservedForOutput ?? maxTokens,
			backgroundAt: options.backgroundAt,
			blockingAt: options.blockingAt,
		});
		this.keepTurns = Math.max(1, options.keepTurns ?? 2);
	}

	/** Compactions applied so far (summaries and cuts). */
	get compactions(): number {
		return this.count;
	}

	/** Learns the tokens-per-character ratio from what the provider reported for `sent`. */
	observe(sent: readonly ChatMessage[], tools: readonly ToolDefinition[], reportedInput: number): void {
		this.budget.calibrate(roughTokens(sent, tools), reportedInput);
	}

	/** Before a model call; rewrites `messages` in place when it compacts. */
	async prepare(messages: ChatMessage[], tools: readonly ToolDefinition[], signal: AbortSignal): Promise<void> {
		if (this.pending) {
			const settled = await Promise.race([this.pending.result, Promise.resolve(undefined)]);
			if (settled) {
				await this.applyPending(messages, tools, settled);
			}
		}
		let tokens = this.budget.estimate(messages, tools);
		let level = this.budget.level(tokens);
		if (level !== 'ok' && !this.pending) {
			this.start(messages, level === 'blocking', tokens, signal);
		}
		if (level === 'blocking' && this.pending) {
			await this.applyPending(messages, tools, await this.pending.result);
			tokens = this.budget.estimate(messages, tools);
			level = this.budget.level(tokens);
		}
		if (level === 'blocking') {
			// The summary failed or was not enough: cut without a model call.
			await this.cut(messages, tools);
		}
	}

	/** After the provider reported a context overflow: cut without a model call. False when nothing could be removed. */
	async cutForOverflow(messages: ChatMessage[], tools: readonly ToolDefinition[]): Promise<boolean> {
		this.pending = undefined;
		return this.cut(messages, tools, true);
	}

	private start(messages: readonly ChatMessage[], blocking: boolean, tokens: number, signal: AbortSignal): void {
		const cut = safeCut(messages, this.keepTurns);
		if (cut === undefined) {
			return;
		}
		this.onEvent({ type: 'compaction-started', tokens, limit: this.budget.limit, blocking });
		const middle = messages.slice(1, cut);
		const result = summarise(this.model, middle, { maxChars: Math.floor(this.budget.limit * 2.4), maxTokens: this.options.summaryMaxTokens ?? 2000, signal }).then(
			(r) => ({ ok: true as const, text: r.text }),
			(e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }),
		);
		this.pending = { generation: this.generation, cut, result };
	}

	private async applyPending(messages: ChatMessage[], tools: readonly ToolDefinition[], settled: { ok: true; text: string } | { ok: false; error: string }): Promise<void> {
		const pending = this.pending;
		this.pending = undefined;
		if (!pending || pending.generation !== this.generation || messages.length < pending.cut) {
			return;
		}
		if (!settled.ok) {
			this.onEvent({ type: 'compaction-failed', error: settled.error });
			return;
		}
		await this.rewrite(messages, tools, pending.cut, 'summary', settled.text);
	}

	private async cut(messages: ChatMessage[], tools: readonly ToolDefinition[], overflow = false): Promise<boolean> {
		for (let keep = this.keepTurns; keep >= 1; keep--) {
			const cut = safeCut(messages, keep);
			if (cut !== undefined) {
				const before = this.budget.estimate(messages, tools);
				await this.rewrite(messages, tools, cut, 'cut', '');
				if (!overflow && this.budget.level(this.budget.estimate(messages, tools)) === 'blocking' && keep > 1) {
					continue;
				}
				return this.budget.estimate(messages, tools) < before;
			}
		}
		// Nothing left to cut: shorten long tool results of the kept turns.
		const { messages: shrunk, shrunk: count } = shrinkToolResults(messages, Math.max(2000, Math.floor(this.budget.limit * 0.5)));
		if (count === 0) {
			return false;
		}
		messages.splice(0, messages.length, ...shrunk);
		this.generation++;
		return true;
	}

	private async rewrite(messages: ChatMessage[], tools: readonly ToolDefinition[], cut: number, kind: 'summary' | 'cut', text: string): Promise<void> {
		const before = this.budget.estimate(messages, tools);
		const anchors = await renderAnchors(this.options.anchors ?? {}, this.state());
		const next = compactedHistory(messages, cut, { kind, text, anchors });
		const problems = toolPairProblems(next);
		if (problems.length > 0) {
			throw new Error(`compaction would break the history (${problems.join('; ')}); this is a bug`);
		}
		messages.splice(0, messages.length, ...next);
		this.generation++;
		this.count++;
		this.onEvent({ type: 'compacted', kind, tokensBefore: before, tokensAfter: this.budget.estimate(messages, tools), messagesRemoved: cut - 1 });
	}
}
