// The saved state of one agent run (`.rampart/runs/<id>.json`): its history, the results of a turn
// still in progress, the ledgers of reads and writes, token counts and status. Validated on every
// load, so a damaged file is reported, never half-used.
import { z } from 'zod';

export const runIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'a run id is 1–80 letters, digits, ".", "_" or "-", starting with a letter or digit');

const toolCallSchema = z.object({ id: z.string().min(1), name: z.string(), arguments: z.string() }).passthrough();

// Messages keep fields other layers may add (passthrough): a save never drops or refuses them.
export const toolResultMessageSchema = z
	.object({ role: z.literal('tool'), toolCallId: z.string().min(1), toolName: z.string(), content: z.string(), isError: z.boolean().optional() })
	.passthrough();

export const chatMessageSchema = z.discriminatedUnion('role', [
	z.object({ role: z.literal('system'), content: z.string() }).passthrough(),
	z.object({ role: z.literal('user'), content: z.string() }).passthrough(),
	z.object({ role: z.literal('assistant'), content: z.string(), toolCalls: z.array(toolCallSchema).optional() }).passthrough(),
	toolResultMessageSchema,
]);

const count = z.number().int().nonnegative();

export const runStatuses = ['running', 'finished', 'answered', 'step-limit', 'stalled', 'cancelled', 'failed'] as const;

export const agentRunSchema = z
	.object({
		schemaVersion: z.literal(1),
		id: runIdSchema,
		createdAt: z.string().datetime(),
		updatedAt: z.string().datetime(),
		status: z.enum(runStatuses),
		model: z.string().optional(),
		/** Framing nonce of the run's tool results (it is in the system prompt, so it must survive a restart). */
		nonce: z.string().regex(/^[0-9a-f]{16}$/),
		/** Every user request, in order (an anchor). */
		tasks: z.array(z.string()),
		/** The history as the next request sends it (after compactions). */
		messages: z.array(chatMessageSchema).min(1),
		/** Results already produced for the last assistant message's calls while its turn is in progress. */
		pendingResults: z.array(toolResultMessageSchema),
		/** Model turns completed over the run's life. */
		turns: count,
		usage: z.object({ inputTokens: count, outputTokens: count, cachedInputTokens: count, cacheWriteTokens: count }).strict(),
		compactions: count,
		ledger: z
			.object({
				reads: z.array(z.object({ path: z.string(), range: z.string(), hash: z.string(), callId: z.string() }).strict()),
				writes: z.array(z.object({ path: z.string(), hash: z.string(), callId: z.string(), tool: z.string(), contentInCall: z.boolean() }).strict()),
				readsAvoided: count,
			})
			.strict(),
		/** `finish`'s summary or the last answer. */
		summary: z.string(),
		error: z.string().optional(),
	})
	.strict();

export type AgentRunRecord = z.infer<typeof agentRunSchema>;
export type AgentRunState = AgentRunRecord['status'];
