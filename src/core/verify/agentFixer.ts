// The agent as the fix loop's fixer: one agent run across rounds (it keeps what it learned), each
// round one message with the targeted tasks; edits are counted from its successful write tools.
import { AgentRun, type AgentOptions, type AgentOutcome } from '../agent/agentLoop';
import { type Fixer, type FixResult, fixPrompt } from './fixLoop';

const WRITE_TOOLS = new Set(['edit_file', 'write_file']);

export class AgentFixer implements Fixer {
	private readonly run: AgentRun;
	private edits = 0;
	readonly outcomes: AgentOutcome[] = [];

	constructor(options: AgentOptions) {
		this.run = new AgentRun({
			...options,
			onEvent: (event) => {
				if (event.type === 'tool-end' && !event.isError && WRITE_TOOLS.has(event.call.name)) {
					this.edits++;
				}
				options.onEvent?.(event);
			},
		});
	}

	async fix(tasks: Parameters<Fixer['fix']>[0], round: number, previous: FixResult | undefined): Promise<FixResult> {
		const before = this.edits;
		const outcome = await this.run.send(fixPrompt(tasks, round, previous));
		this.outcomes.push(outcome);
		return { edits: this.edits - before, summary: outcome.summary };
	}
}
