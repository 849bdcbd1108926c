/**
 * Messages between the chat webview (webview/src/chat) and the extension host (src/vscode),
 * declared once and imported by both sides.
 */

export interface FindingsSummary {
	readonly errors: number;
	readonly warnings: number;
	readonly infos: number;
	readonly files: number;
	readonly top: ReadonlyArray<{ readonly ruleId: string; readonly message: string; readonly file: string; readonly line: number }>;
}

export type ChatRole = 'user' | 'assistant' | 'notice';

export type ToolCallState = 'queued' | 'running' | 'ok' | 'error';

/** One tool call as the chat shows it; the calls of one model turn arrive as one group. */
export interface ToolCallView {
	readonly id: string;
	readonly name: string;
	/** What the call is about in a few words (a path, a pattern, a command line). */
	readonly summary: string;
	readonly readOnly: boolean;
}

/** A write or a command waiting for the user; the decision must name the same `changeHash`. */
export interface ApprovalView {
	readonly approvalId: string;
	readonly kind: 'write' | 'command';
	readonly title: string;
	/** For writes: a unified diff of the change. */
	readonly diff?: string;
	/** For commands: the exact command line. */
	readonly command?: string;
	readonly changeHash: string;
}

export interface UsageView {
	readonly inputTokens: number;
	readonly outputTokens: number;
	readonly costUsd?: number;
	/** Tokens of the conversation as last sent, against the model's context window. */
	readonly contextTokens: number;
	readonly contextLimit: number;
	/** Secrets replaced by `[REDACTED:…]` before anything was sent. */
	readonly redactions?: number;
}

/** Pipeline progress (generation runs). */
export interface StageView {
	readonly stage: string;
	readonly state: 'running' | 'done' | 'failed' | 'skipped';
	readonly step?: string;
	readonly file?: string;
}

/** One item of a conversation as the chat shows it and as it is stored. */
export type TranscriptEntry =
	| { kind: 'message'; id: string; role: ChatRole; text: string; streaming?: boolean }
	| { kind: 'tools'; id: string; calls: Array<ToolCallView & { state: ToolCallState; detail?: string }> }
	/** `expired`: the run that asked is gone (reload, restart); the card is kept as a record. */
	| { kind: 'approval'; id: string; approval: ApprovalView; resolved?: 'approved' | 'rejected' | 'expired' }
	| { kind: 'arena'; id: string; table: ArenaTableView };

export interface ConversationView {
	readonly id: string;
	readonly title: string;
	readonly entries: readonly TranscriptEntry[];
}

/** One row of the history list. */
export interface ConversationListItem {
	readonly id: string;
	readonly title: string;
	/** ISO time of the last turn ('' for a damaged conversation). */
	readonly updatedAt: string;
	readonly turns: number;
	/** The conversation the view shows. */
	readonly current: boolean;
}

export type ExportFormat = 'markdown' | 'json';

/** One contestant of an arena run, measured and ranked (src/core/arena). */
export interface ArenaRowView {
	readonly rank: number;
	readonly contestant: string;
	readonly findings: { readonly critical: number; readonly high: number; readonly medium: number; readonly low: number };
	readonly verification: 'passed' | 'failed' | 'not-run';
	readonly completenessProblems: number;
	readonly inputTokens: number;
	readonly outputTokens: number;
	readonly costUsd?: number;
	readonly durationMs: number;
	/** The run failed or was skipped (budget); such rows rank last. */
	readonly error?: string;
}

export interface ArenaTableView {
	readonly title: string;
	/** The ranking rule in words, shown under the table. */
	readonly rule: string;
	readonly rows: readonly ArenaRowView[];
	/** Each finished row can be applied (its result stored), while this window keeps the candidates. */
	readonly applicable?: boolean;
}

/** Host → webview. */
export type HostToChatMessage =
	| { readonly type: 'findings'; readonly summary: FindingsSummary }
	| { readonly type: 'chatEntry'; readonly role: ChatRole; readonly text: string }
	| { readonly type: 'status'; readonly text: string; readonly busy: boolean }
	/** Streamed assistant text: `text` is appended to the entry `turnId` (created on first use). */
	| { readonly type: 'assistantDelta'; readonly turnId: string; readonly text: string }
	| { readonly type: 'assistantDone'; readonly turnId: string }
	| { readonly type: 'toolGroup'; readonly groupId: string; readonly calls: readonly ToolCallView[] }
	| { readonly type: 'toolStatus'; readonly callId: string; readonly state: ToolCallState; readonly detail?: string }
	| { readonly type: 'approvalRequest'; readonly approval: ApprovalView }
	| { readonly type: 'approvalResolved'; readonly approvalId: string; readonly approved: boolean }
	| { readonly type: 'busy'; readonly busy: boolean }
	| { readonly type: 'usage'; readonly usage: UsageView }
	| { readonly type: 'stage'; readonly stage: StageView }
	/** Replaces the transcript (restored after a reload, or another conversation opened). */
	| { readonly type: 'conversation'; readonly conversation: ConversationView }
	/** The history list for `query` ('' = all), most recently updated first. */
	| { readonly type: 'history'; readonly query: string; readonly conversations: readonly ConversationListItem[] }
	/** An arena comparison table. */
	| { readonly type: 'arena'; readonly id: string; readonly table: ArenaTableView };

/** Webview → host. */
export type ChatToHostMessage =
	| { readonly type: 'ready' }
	| { readonly type: 'send'; readonly text: string }
	| { readonly type: 'runCommand'; readonly command: ChatCommandId }
	| { readonly type: 'openFinding'; readonly file: string; readonly line: number }
	/** The Stop button: cancels the run and its network call. */
	| { readonly type: 'cancel' }
	| { readonly type: 'approvalDecision'; readonly approvalId: string; readonly changeHash: string; readonly approved: boolean }
	| { readonly type: 'openLink'; readonly url: string }
	| { readonly type: 'openNode'; readonly nodeId: string }
	| { readonly type: 'copyCode'; readonly code: string }
	| { readonly type: 'insertCode'; readonly code: string }
	| { readonly type: 'listConversations'; readonly query: string }
	| { readonly type: 'openConversation'; readonly id: string }
	| { readonly type: 'newConversation' }
	| { readonly type: 'renameConversation'; readonly id: string; readonly title: string }
	| { readonly type: 'deleteConversation'; readonly id: string }
	| { readonly type: 'exportConversation'; readonly id: string; readonly format: ExportFormat }
	/** "Apply" on a row of the arena table `arenaId` (the id of its transcript entry). */
	| { readonly type: 'applyArenaResult'; readonly arenaId: string; readonly contestant: string };

/** Conversation ids as the store names them (src/core/conversations). */
export const conversationIdPattern = /^c-[0-9a-z]{6,40}$/;
const isConversationId = (value: unknown): boolean => typeof value === 'string' && conversationIdPattern.test(value);

/** Slash commands of the composer. */
export const slashCommands = ['/generate', '/analyze', '/trace', '/report', '/arena'] as const;

/** Commands the chat view may ask the host to run; anything else is refused by the host. */
export const chatCommandIds = ['rampart.scanWorkspace', 'rampart.generateSecureProject', 'rampart.openTraceCanvas', 'rampart.setApiKey', 'rampart.selectModel'] as const;
export type ChatCommandId = (typeof chatCommandIds)[number];

export function isChatToHostMessage(value: unknown): value is ChatToHostMessage {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const m = value as Record<string, unknown>;
	switch (m.type) {
		case 'ready':
		case 'newConversation':
			return true;
		case 'listConversations':
			return typeof m.query === 'string' && m.query.length <= 500;
		case 'openConversation':
		case 'deleteConversation':
			return isConversationId(m.id);
		case 'renameConversation':
			return isConversationId(m.id) && typeof m.title === 'string' && m.title.trim().length > 0 && m.title.length <= 200;
		case 'applyArenaResult':
			return typeof m.arenaId === 'string' && /^[a-z0-9]{1,40}$/.test(m.arenaId) && typeof m.contestant === 'string' && m.contestant.length > 0 && m.contestant.length <= 100;
		case 'exportConversation':
			return isConversationId(m.id) && (m.format === 'markdown' || m.format === 'json');
		case 'send':
			return typeof m.text === 'string' && m.text.length <= 100_000;
		case 'runCommand':
			return typeof m.command === 'string' && (chatCommandIds as readonly string[]).includes(m.command);
		case 'openFinding':
			return typeof m.file === 'string' && typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 0;
		case 'cancel':
			return true;
		case 'approvalDecision':
			return typeof m.approvalId === 'string' && typeof m.changeHash === 'string' && typeof m.approved === 'boolean';
		case 'openLink':
			return typeof m.url === 'string' && /^https?:\/\//i.test(m.url) && m.url.length <= 2048;
		case 'openNode':
			return typeof m.nodeId === 'string' && /^[A-Z]{1,4}-\d{1,5}(\.\d{1,4})*$/.test(m.nodeId);
		case 'copyCode':
		case 'insertCode':
			return typeof m.code === 'string' && m.code.length <= 1_000_000;
		default:
			return false;
	}
}
