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

/** Host → webview. */
export type HostToChatMessage =
	| { readonly type: 'findings'; readonly summary: FindingsSummary }
	| { readonly type: 'chatEntry'; readonly role: ChatRole; readonly text: string }
	| { readonly type: 'status'; readonly text: string; readonly busy: boolean };

/** Webview → host. */
export type ChatToHostMessage =
	| { readonly type: 'ready' }
	| { readonly type: 'send'; readonly text: string }
	| { readonly type: 'runCommand'; readonly command: ChatCommandId }
	| { readonly type: 'openFinding'; readonly file: string; readonly line: number };

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
			return true;
		case 'send':
			return typeof m.text === 'string' && m.text.length <= 100_000;
		case 'runCommand':
			return typeof m.command === 'string' && (chatCommandIds as readonly string[]).includes(m.command);
		case 'openFinding':
			return typeof m.file === 'string' && typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 0;
		default:
			return false;
	}
}
