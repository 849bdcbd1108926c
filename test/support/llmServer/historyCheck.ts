// Tool-call pairing, as the real providers enforce it: every assistant tool call must be answered
// by a tool result with its id among the results that directly follow that assistant message
// (OpenAI: the `tool` messages after it; Anthropic: the `tool_result` blocks of the next user
// message), and every result must answer a call of the assistant message right before it.
// A request that breaks this gets a 400 in the provider's own error shape, as the real APIs do.
import type { NormalizedRequest } from './normalize';

/** Every way the request's history breaks tool-call pairing (empty when it is valid). */
export function historyProblems(request: NormalizedRequest): string[] {
	const problems: string[] = [];
	const seenCalls = new Set<string>();
	const messages = request.messages;
	const where = (i: number) => `messages[${i}]`;
	for (let i = 0; i < messages.length; i++) {
		const m = messages[i];
		if (m.role === 'tool') {
			// A result not directly preceded by its assistant turn (the block scan below skips answered ones).
			const known = seenCalls.has(m.toolCallId ?? '');
			problems.push(
				known
					? `${where(i)}: tool result for ${JSON.stringify(m.toolCallId)} does not directly follow the assistant message that made the call`
					: `${where(i)}: tool result for ${JSON.stringify(m.toolCallId)}, an id no assistant message called`,
			);
			continue;
		}
		if (m.role !== 'assistant' || !m.toolCalls?.length) {
			continue;
		}
		const calls = new Map<string, number>();
		for (const call of m.toolCalls) {
			if (call.id === '') {
				problems.push(`${where(i)}: a tool call without an id`);
			} else if (calls.has(call.id) || seenCalls.has(call.id)) {
				problems.push(`${where(i)}: duplicate tool call id ${JSON.stringify(call.id)}`);
			}
			calls.set(call.id, 0);
			seenCalls.add(call.id);
		}
		let j = i + 1;
		for (; j < messages.length && messages[j].role === 'tool'; j++) {
			const id = messages[j].toolCallId ?? '';
			const count = calls.get(id);
			if (count === undefined) {
				problems.push(`${where(j)}: tool result for ${JSON.stringify(id)}, which the preceding assistant message did not call (it called ${[...calls.keys()].map((c) => JSON.stringify(c)).join(', ')})`);
			} else {
				if (count > 0) {
					problems.push(`${where(j)}: tool call ${JSON.stringify(id)} is answered more than once`);
				}
				calls.set(id, count + 1);
			}
		}
		const unanswered = [...calls].filter(([, n]) => n === 0).map(([id]) => JSON.stringify(id));
		if (unanswered.length > 0) {
			problems.push(`${where(i)}: tool call${unanswered.length > 1 ? 's' : ''} ${unanswered.join(', ')} ha${unanswered.length > 1 ? 've' : 's'} no tool result after ${j === i + 1 ? 'it' : 'the results that follow'}`);
		}
		i = j - 1;
	}
	return problems;
}

/** The provider's own wording of the refusal, so SDKs and adapters see what they would in production. */
export function historyErrorMessage(api: NormalizedRequest['api'], problems: string[]): string {
	const detail = problems.join('; ');
	return api === 'openai'
		? `Invalid parameter: messages with role 'tool' must be a response to a preceding message with 'tool_calls', and every tool_call_id must be answered (${detail}).`
		: `messages: each tool_use block must have a corresponding tool_result block in the next message, and each tool_result must match a tool_use in the previous message (${detail}).`;
}
