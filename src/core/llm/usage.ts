// Token and cost accounting: every usage report a server sent is recorded as one call; a run sums
// exactly those numbers and prices them from a table (defaults below, overridable from settings).
import { collectResponse } from './collect';
import type { CallOptions, ChatEvent, ChatModel, ChatRequest, ChatResponse, ModelInfo, TokenUsage } from './types';
import { addUsage, emptyUsage } from './types';

/** US dollars per million tokens. Cached reads and cache writes fall back to the input price. */
export interface ModelPrice {
	input: number;
	output: number;
	cachedInput?: number;
	cacheWrite?: number;
}

export type PriceTable = Record<string, ModelPrice>;

/**
 * List prices of well-known models (USD per million tokens) at the time of writing. Keys match a
 * model name exactly or as a prefix (`claude-sonnet-4-5` matches `claude-sonnet-4-5-20250929`);
 * the longest key wins. Settings override or extend this table; prices change, so check them.
 */
export const defaultPrices: PriceTable = {
	'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
	'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
	'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
	'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
	'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
	'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
	'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
	'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
	'o3': { input: 2, output: 8, cachedInput: 0.5 },
	'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
	'claude-opus-4-1': { input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75 },
	'claude-opus-4-5': { input: 5, output: 25, cachedInput: 0.5, cacheWrite: 6.25 },
	'claude-sonnet-4': { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
	'claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1, cacheWrite: 1.25 },
	'claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08, cacheWrite: 1 },
};

export function priceFor(model: string, table: PriceTable): ModelPrice | undefined {
	const name = model.toLowerCase();
	let best: string | undefined;
	for (const key of Object.keys(table)) {
		const k = key.toLowerCase();
		if ((name === k || name.startsWith(`${k}-`) || name.startsWith(`${k}:`) || name.startsWith(`${k}@`)) && (best === undefined || k.length > best.length)) {
			best = key;
		}
	}
	return best === undefined ? undefined : table[best];
}

/** Cost in USD of one call's usage. */
export function costOf(usage: TokenUsage, price: ModelPrice): number {
	const uncached = usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens;
	const perToken =
		uncached * price.input +
		usage.cachedInputTokens * (price.cachedInput ?? price.input) +
		usage.cacheWriteTokens * (price.cacheWrite ?? price.input) +
		usage.outputTokens * price.output;
	return perToken / 1_000_000;
}

export interface CallRecord {
	profileId: string;
	model: string;
	usage: TokenUsage;
	/** Undefined when the model has no price in the table. */
	costUsd: number | undefined;
}

export interface UsageTotals extends TokenUsage {
	calls: number;
	costUsd: number;
	/** Calls whose model has no price: their tokens are counted, their cost is not. */
	unpricedCalls: number;
}

/** Usage of one run (one agent task, one pipeline stage…). */
export class RunUsage {
	private readonly records: CallRecord[] = [];
	private readonly prices: PriceTable;

	constructor(prices: PriceTable = {}) {
		this.prices = { ...defaultPrices, ...prices };
	}

	record(profileId: string, model: string, usage: TokenUsage): CallRecord {
		const price = priceFor(model, this.prices);
		const record: CallRecord = { profileId, model, usage: { ...usage }, costUsd: price ? costOf(usage, price) : undefined };
		this.records.push(record);
		return record;
	}

	get calls(): readonly CallRecord[] {
		return this.records;
	}

	get totals(): UsageTotals {
		let tokens = emptyUsage();
		let costUsd = 0;
		let unpricedCalls = 0;
		for (const record of this.records) {
			tokens = addUsage(tokens, record.usage);
			if (record.costUsd === undefined) {
				unpricedCalls++;
			} else {
				costUsd += record.costUsd;
			}
		}
		return { ...tokens, calls: this.records.length, costUsd, unpricedCalls };
	}

	toJSON(): { calls: CallRecord[]; totals: UsageTotals } {
		return { calls: [...this.records], totals: this.totals };
	}
}

/** Records every `usage` event flowing through `model` into `run` (failed retries included: they were billed). */
export class MeteredChatModel implements ChatModel {
	readonly info: ModelInfo;

	constructor(private readonly inner: ChatModel, private readonly run: RunUsage) {
		this.info = inner.info;
	}

	async *stream(request: ChatRequest, options?: CallOptions): AsyncGenerator<ChatEvent> {
		for await (const event of this.inner.stream(request, options)) {
			if (event.type === 'usage') {
				this.run.record(this.info.profileId, event.model || this.info.model, event.usage);
			}
			yield event;
		}
	}

	complete(request: ChatRequest, options?: CallOptions): Promise<ChatResponse> {
		return collectResponse(this.stream(request, options), this.info.model);
	}
}
