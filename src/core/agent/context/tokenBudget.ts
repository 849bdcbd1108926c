// Token budget of one model call: the model's context window minus room for its answer, and an
// estimate of what a request costs. The estimate counts characters (about four per token) and is
// calibrated by the input tokens the provider reported for the previous request.
import type { ChatMessage, ModelInfo, ToolDefinition } from '../../llm/types';

/** Context windows of common model families, used when neither the caller nor the profile says. */
const knownWindows: Array<[RegExp, number]> = [
	[/^gpt-4\.1/i, 1_000_000],
	[/^gpt-5/i, 400_000],
	[/^(gpt-4o|o[134])/i, 128_000],
	[/^claude/i, 200_000],
	[/^gemini/i, 1_000_000],
	[/llama-?3\.[123]|llama3\.[123]|qwen2\.5|mistral/i, 128_000],
];

export const defaultContextWindow = 128_000;

/** The context window in tokens: the explicit value, else the model's `contextWindow`, else a known family, else 128k. */
export function contextWindowOf(info: ModelInfo, explicit?: number): number {
	if (explicit !== undefined) {
		if (!Number.isInteger(explicit) || explicit < 1024) {
			throw new Error(`contextWindow must be a whole number of tokens of at least 1024 (got ${explicit}).`);
		}
		return explicit;
	}
	const declared = (info as ModelInfo & { contextWindow?: unknown }).contextWindow;
	if (typeof declared === 'number' && Number.isInteger(declared) && declared >= 1024) {
		return declared;
	}
	return knownWindows.find(([pattern]) => pattern.test(info.model))?.[1] ?? defaultContextWindow;
}

const perMessageOverhead = 4;

function messageChars(message: ChatMessage): number {
	let chars = message.content.length;
	if (message.role === 'assistant') {
		for (const call of message.toolCalls ?? []) {
			chars += call.name.length + call.arguments.length + call.id.length + 16;
		}
	} else if (message.role === 'tool') {
		chars += message.toolCallId.length + 16;
	}
	return chars;
}

/** Uncalibrated estimate: about four characters per token, plus a little per message. */
export function roughTokens(messages: readonly ChatMessage[], tools: readonly ToolDefinition[] = []): number {
	let chars = 0;
	for (const m of messages) {
		chars += messageChars(m);
	}
	const toolChars = tools.reduce((sum, t) => sum + t.name.length + t.description.length + JSON.stringify(t.parameters).length, 0);
	return Math.ceil((chars + toolChars) / 4) + messages.length * perMessageOverhead;
}

export interface BudgetOptions {
	contextWindow: number;
	/** Tokens kept free for the answer (default: the call's maxTokens, else 1/8 of the window, at most 16k). */
	reservedForOutput?: number;
	/** Background compaction starts at this share of the budget (default 0.75). */
	backgroundAt?: number;
	/** The next call waits for compaction at this share (default 0.95). */
	blockingAt?: number;
}

export type BudgetLevel = 'ok' | 'background' | 'blocking';

export class TokenBudget {
	readonly contextWindow: number;
	/** Input tokens one call may use. */
	readonly limit: number;
	readonly backgroundAt: number;
	readonly blockingAt: number;
	/** Reported / estimated tokens of the last request, clamped; starts at 1. */
	private scale = 1;

	constructor(options: BudgetOptions) {
		this.contextWindow = options.contextWindow;
		const reserve = options.reservedForOutput ?? Math.min(16_384, Math.floor(options.contextWindow / 8));
		this.limit = Math.max(256, options.contextWindow - reserve);
		this.backgroundAt = options.backgroundAt ?? 0.75;
		this.blockingAt = options.blockingAt ?? 0.95;
		if (!(this.backgroundAt > 0 && this.backgroundAt < this.blockingAt && this.blockingAt <= 1)) {
			throw new Error(`Compaction thresholds must satisfy 0 < backgroundAt < blockingAt ≤ 1 (got ${this.backgroundAt} and ${this.blockingAt}).`);
		}
	}

	estimate(messages: readonly ChatMessage[], tools: readonly ToolDefinition[] = []): number {
		return Math.ceil(roughTokens(messages, tools) * this.scale);
	}

	/** Learns from what the provider reported for a request (ignored when it reported nothing). */
	calibrate(estimatedRough: number, reportedInput: number): void {
		if (reportedInput > 0 && estimatedRough > 0) {
			this.scale = Math.min(4, Math.max(0.25, reportedInput / estimatedRough));
		}
	}

	level(tokens: number): BudgetLevel {
		return tokens >= this.limit * this.blockingAt ? 'blocking' : tokens >= this.limit * this.backgroundAt ? 'background' : 'ok';
	}

	get calibration(): number {
		return this.scale;
	}
}
