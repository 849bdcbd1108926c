// Resuming a turn that a crash interrupted: calls whose results were saved are not run again, and
// a write_file whose content is already on disk (the crash came between the write and the save)
// is answered as done instead of writing the file a second time.
import { sha256 } from '../auditLog';
import type { ToolContext, ToolOutput } from '../tools/tool';

/** The answer for a write that already happened before the interruption, or undefined to run it. */
export async function alreadyApplied(tool: string, input: unknown, ctx: Omit<ToolContext, 'signal' | 'callId'>): Promise<ToolOutput | undefined> {
	if (tool !== 'write_file') {
		return undefined;
	}
	const { path, content } = (input ?? {}) as { path?: unknown; content?: unknown };
	if (typeof path !== 'string' || typeof content !== 'string') {
		return undefined;
	}
	try {
		const { relative } = await ctx.confinement.resolve(path, 'write');
		const stat = await ctx.workspace.stat(relative);
		if (stat?.kind !== 'file' || sha256(await ctx.workspace.read(relative)) !== sha256(content)) {
			return undefined;
		}
		return { content: `${relative} already has this content (sha256 ${sha256(content).slice(0, 12)}): the write completed before the run was interrupted, so it was not written again.` };
	} catch {
		return undefined;
	}
}
