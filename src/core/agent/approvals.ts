// Approvals: a policy per category (auto / ask / deny). An approval names the SHA-256 of the exact
// change it approved (path, the content the change was computed from, and the new content); before
// the write, the file on disk must still be what the approval saw, else the write is refused and
// asked again with the change recomputed from the new content. A command approval names the
// SHA-256 of the exact command line (program, arguments, working folder, network); the command that
// runs is the one whose hash was approved.
import { sha256, type AuditSink } from './auditLog';
import { ToolError } from './confinement';

export type ApprovalCategory = 'read' | 'write' | 'command' | 'network';
export type ApprovalMode = 'auto' | 'ask' | 'deny';
/** `network` governs commands that ask for network access; when absent it is `deny`. */
export type ApprovalPolicy = Record<Exclude<ApprovalCategory, 'network'>, ApprovalMode> & { network?: ApprovalMode };

export const defaultPolicy: ApprovalPolicy = { read: 'auto', write: 'ask', command: 'ask', network: 'deny' };

const strictness: Record<ApprovalMode, number> = { auto: 0, ask: 1, deny: 2 };

export interface WriteApprovalRequest {
	category: 'write';
	path: string;
	/** SHA-256 of the file as the change was computed from it (`absent` when it does not exist). */
	baseHash: string;
	newContent: string;
	/** SHA-256 binding path, base and new content: what the user approves. */
	changeHash: string;
	/** The current content (undefined for a new file), for a diff preview. */
	before: string | undefined;
}

export interface ApprovalDecision {
	approved: boolean;
	/** The change hash the decision is about; must equal the request's. */
	changeHash: string;
	reason?: string;
}

export interface CommandApprovalRequest {
	category: 'command';
	/** The tool that wants to run it (`run_command`, `detect_env`). */
	tool: string;
	/** For display: the command line as the user would type it. */
	commandLine: string;
	program: string;
	args: readonly string[];
	/** Workspace-relative working folder ('' is the root). */
	cwd: string;
	network: 'none' | 'allowed';
	/** SHA-256 of program, arguments, cwd and network: what the user approves. */
	changeHash: string;
}

export interface ApprovalPort {
	requestWrite(request: WriteApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision>;
	/** Asks whether a command may run; a port without it cannot approve commands (policy `ask` then refuses). */
	requestCommand?(request: CommandApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision>;
}

export const absentHash = 'absent';

export function contentHash(content: string | undefined): string {
	return content === undefined ? absentHash : sha256(content);
}

export function changeHashOf(path: string, baseHash: string, newContent: string): string {
	return sha256(JSON.stringify(['write', path, baseHash, sha256(newContent)]));
}

export function commandHashOf(program: string, args: readonly string[], cwd: string, network: 'none' | 'allowed'): string {
	return sha256(JSON.stringify(['command', program, [...args], cwd, network]));
}

/** A command line for display: arguments with spaces or quotes are JSON-quoted. */
export function formatCommandLine(program: string, args: readonly string[]): string {
	return [program, ...args].map((a) => (a === '' || /[\s"'\\$`|&;<>()*?!#~]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

export interface GuardedWrite {
	path: string;
	/** Reads the current content (undefined when the file does not exist). */
	readCurrent(): Promise<string | undefined>;
	/** Computes the new content from the current one; throws ToolError to refuse. */
	compute(current: string | undefined): Promise<string> | string;
	/** Performs the write of exactly `content`. */
	write(content: string): Promise<void>;
}

export interface GuardedWriteResult {
	before: string | undefined;
	after: string;
	/** How many times the user was asked. */
	asks: number;
}

export class ApprovalGate {
	constructor(
		readonly policy: ApprovalPolicy,
		private readonly port: ApprovalPort | undefined,
		private readonly audit?: AuditSink,
		/** How many times a change is re-asked when the file keeps changing under it. */
		private readonly maxAsks = 3,
	) {}

	/** Whether a category may be used at all (reads with `ask` are not supported yet: treated as auto). */
	allows(category: ApprovalCategory): boolean {
		return (this.policy[category] ?? 'deny') !== 'deny';
	}

	/**
	 * Decides whether a command may run: refused when the policy denies commands, asked (bound to the
	 * hash of the exact command line) when it says ask, allowed when auto. Throws ToolError to refuse.
	 */
	async approveCommand(request: Omit<CommandApprovalRequest, 'category' | 'changeHash' | 'commandLine'>, signal?: AbortSignal): Promise<{ changeHash: string; asked: boolean }> {
		const changeHash = commandHashOf(request.program, request.args, request.cwd, request.network);
		const commandLine = formatCommandLine(request.program, request.args);
		const shown = commandLine.length > 200 ? `${commandLine.slice(0, 200)}…` : commandLine;
		const networkMode = request.network === 'allowed' ? (this.policy.network ?? 'deny') : 'auto';
		const mode = strictness[networkMode] > strictness[this.policy.command] ? networkMode : this.policy.command;
		if (mode === 'deny') {
			await this.audit?.append('approval', { category: request.network === 'allowed' ? 'network' : 'command', tool: request.tool, changeHash, cwd: request.cwd, decision: 'denied-by-policy' });
			throw new ToolError(
				this.policy.command === 'deny'
					? `Running commands is disabled by the approval policy, so \`${shown}\` was not run. Continue without running it (or ask the user to allow commands).`
					: `Commands with network access are disabled by the approval policy, so \`${shown}\` was not run. Run it without network, or ask the user to allow network access.`,
			);
		}
		if (mode === 'auto') {
			await this.audit?.append('approval', { category: 'command', tool: request.tool, changeHash, cwd: request.cwd, decision: 'auto' });
			return { changeHash, asked: false };
		}
		if (!this.port?.requestCommand) {
			throw new ToolError(`Running \`${shown}\` needs the user's approval, and no one can approve commands in this session; it was not run.`);
		}
		const decision = await this.port.requestCommand({ ...request, category: 'command', commandLine, changeHash }, signal);
		const bound = decision.changeHash === changeHash;
		await this.audit?.append('approval', { category: 'command', tool: request.tool, changeHash, cwd: request.cwd, decision: decision.approved && bound ? 'approved' : decision.approved ? 'approved-other-command' : 'rejected', reason: decision.reason ?? null });
		if (!decision.approved) {
			throw new ToolError(`The user did not approve running \`${shown}\`${decision.reason ? `: ${decision.reason}` : ''}. It was not run.`);
		}
		if (!bound) {
			throw new ToolError(`The approval received was for a different command than \`${shown}\`; it was not run.`);
		}
		return { changeHash, asked: true };
	}

	async guardedWrite(op: GuardedWrite, signal?: AbortSignal): Promise<GuardedWriteResult> {
		const mode = this.policy.write;
		if (mode === 'deny') {
			await this.audit?.append('approval', { category: 'write', path: op.path, decision: 'denied-by-policy' });
			throw new ToolError(`Writing files is disabled by the approval policy; ${op.path} was not changed.`);
		}
		let asks = 0;
		for (let attempt = 1; attempt <= this.maxAsks; attempt++) {
			const before = await op.readCurrent();
			const baseHash = contentHash(before);
			const after = await op.compute(before);
			const changeHash = changeHashOf(op.path, baseHash, after);
			if (mode === 'ask') {
				if (!this.port) {
					throw new ToolError(`Writing ${op.path} needs approval, and no one can approve in this session; the file was not changed.`);
				}
				asks++;
				const decision = await this.port.requestWrite({ category: 'write', path: op.path, baseHash, newContent: after, changeHash, before }, signal);
				const bound = decision.changeHash === changeHash;
				await this.audit?.append('approval', { category: 'write', path: op.path, changeHash, baseHash, decision: decision.approved && bound ? 'approved' : decision.approved ? 'approved-other-change' : 'rejected', reason: decision.reason ?? null });
				if (!decision.approved) {
					throw new ToolError(`The user did not approve the change to ${op.path}${decision.reason ? `: ${decision.reason}` : ''}. The file was not changed.`);
				}
				if (!bound) {
					throw new ToolError(`The approval received was for a different change than the one proposed for ${op.path}; the file was not changed.`);
				}
			} else {
				await this.audit?.append('approval', { category: 'write', path: op.path, changeHash, baseHash, decision: 'auto' });
			}
			const now = await op.readCurrent();
			if (contentHash(now) !== baseHash) {
				await this.audit?.append('approval', { category: 'write', path: op.path, changeHash, decision: 'stale', reason: 'file changed after the approval' });
				continue; // re-ask with the change recomputed from what is on disk now
			}
			await op.write(after);
			return { before, after, asks };
		}
		throw new ToolError(`${op.path} kept changing on disk while its change was being approved (${this.maxAsks} attempts); nothing was written. Read it again and retry.`);
	}
}
