// One turn of the `@rampart` participant in VS Code's own Chat view: the same Security Analyst
// and tools as the Rampart chat view, its answer streamed as Markdown, tool calls shown as
// progress lines. That view cannot show Rampart's approval cards, so writes and commands that
// would ask are refused here, and the model is told to ask in the Rampart view instead.
import type { AgentOutcome } from '../agent/agentLoop';
import { ApprovalGate, type ApprovalMode, type ApprovalPolicy } from '../agent/approvals';
import type { ToolContext } from '../agent/tools/tool';
import { createAnalyst } from '../analyst/analystAgent';
import type { AnalysisSession } from '../analyst/analysisSession';
import { observeChatModel } from '../llm/observedChatModel';
import { SecretRedactingChatModel } from '../llm/secretRedaction';
import type { ChatMessage, ChatModel } from '../llm/types';
import { summarizeCall } from './chatSession';

/** What the participant can show: VS Code's ChatResponseStream, reduced to what is used. */
export interface ParticipantStream {
	markdown(text: string): void;
	progress(text: string): void;
}

export interface ParticipantTurn {
	analysis: AnalysisSession;
	model: ChatModel;
	/** Tool context without approvals (the turn adds its own gate). */
	context: Omit<ToolContext, 'signal' | 'callId' | 'approvals'>;
	policy: ApprovalPolicy;
	/** Earlier turns of this chat, as VS Code keeps them. */
	history: ReadonlyArray<{ role: 'user' | 'assistant'; text: string }>;
	prompt: string;
	stream: ParticipantStream;
	signal?: AbortSignal;
}

/** `ask` becomes `deny`: nothing here could show the question. */
export function participantPolicy(policy: ApprovalPolicy): ApprovalPolicy {
	const noAsk = (mode: ApprovalMode): ApprovalMode => (mode === 'ask' ? 'deny' : mode);
	return { read: policy.read, write: noAsk(policy.write), command: noAsk(policy.command) };
}

export const participantNote =
	'You are answering inside VS Code\'s Chat view as @rampart. Changes that need the user\'s approval are refused here: when one is refused, tell the user to ask for it in the Rampart: Security Analyst view, where they can approve it.';

export async function answerParticipantTurn(turn: ParticipantTurn): Promise<AgentOutcome> {
	const redacting = new SecretRedactingChatModel(turn.model);
	const model = observeChatModel(redacting, { start: () => undefined, text: (delta) => turn.stream.markdown(delta), end: () => undefined });
	const run = createAnalyst(turn.analysis, {
		model,
		context: { ...turn.context, approvals: new ApprovalGate(participantPolicy(turn.policy), undefined, turn.context.audit) },
		signal: turn.signal,
		onEvent: (event) => {
			if (event.type === 'assistant') {
				for (const call of event.toolCalls) {
					const about = summarizeCall(call);
					turn.stream.progress(`${call.name}${about ? ` ${about}` : ''}`);
				}
			}
		},
	});
	const history: ChatMessage[] = turn.history.filter((h) => h.text.trim()).map((h) => ({ role: h.role, content: h.text }));
	const system = run.messages[0];
	if (system?.role === 'system') {
		run.messages[0] = { ...system, content: `${system.content}\n\n${participantNote}` };
	}
	run.messages.push(...history);
	return run.send(turn.prompt);
}
