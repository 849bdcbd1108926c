// The one path every file change takes: size limit, validation, hash-bound approval, atomic write,
// audit record, and the SAST findings of the result for the model.
import { sha256 } from '../auditLog';
import { ToolError } from '../confinement';
import { findingsReport, syntaxProblem } from './codeCheck';
import { formatBytes, type ToolContext } from './tool';

export const maxWriteBytes = 5 * 1024 * 1024;

export function checkSize(path: string, content: string): void {
	const bytes = Buffer.byteLength(content, 'utf8');
	if (bytes > maxWriteBytes) {
		throw new ToolError(`The content for ${path} is ${formatBytes(bytes)}, above the ${formatBytes(maxWriteBytes)} limit for one file; nothing was written. Split it into smaller files.`);
	}
}

export interface CommitResult {
	created: boolean;
	content: string;
	report: string;
}

/**
 * Computes the new content from what is on disk (again after every stale approval), validates it,
 * gets approval, writes it atomically and reports the findings.
 */
export async function commitChange(ctx: ToolContext, tool: string, path: string, compute: (current: string | undefined) => string): Promise<CommitResult> {
	const engine = await ctx.engine();
	const result = await ctx.approvals.guardedWrite(
		{
			path,
			readCurrent: async () => ((await ctx.workspace.stat(path))?.kind === 'file' ? ctx.workspace.read(path) : undefined),
			compute: (current) => {
				const next = compute(current);
				checkSize(path, next);
				const problem = syntaxProblem(engine, path, next);
				if (problem) {
					throw new ToolError(`${tool} refused: the new content of ${path} was not accepted because ${problem}. The file was not changed; send the complete, corrected content.`);
				}
				return next;
			},
			write: (content) => ctx.workspace.write(path, content),
		},
		ctx.signal,
	);
	await ctx.audit?.append('file-change', { tool, callId: ctx.callId, path, before: result.before === undefined ? null : sha256(result.before), after: sha256(result.after), bytes: Buffer.byteLength(result.after, 'utf8') });
	return { created: result.before === undefined, content: result.after, report: findingsReport(engine, path, result.after) };
}
