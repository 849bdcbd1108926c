// Shared by the analyst's write tools: one edit = one new store version authored by the agent,
// with the model's reason as the version message; edit errors become tool errors the model reads.
import { z } from 'zod';
import { ToolError } from '../../agent/confinement';
import type { ToolContext, ToolOutput } from '../../agent/tools/tool';
import { EDGE_KINDS, NODE_KINDS, type EdgeKind, type NodeKind } from '../../store/schemas/stpaGraph';
import type { AnalysisSession } from '../analysisSession';
import { GraphEditError, type GraphEdit } from '../graphEdits';

export const reasonSchema = z.string().min(3).max(300).describe('Why: becomes the version message.');
export const nodeKindSchema = z.enum(NODE_KINDS as [NodeKind, ...NodeKind[]]);
export const edgeKindSchema = z.enum(EDGE_KINDS as [EdgeKind, ...EdgeKind[]]);
export const fieldsSchema = z
	.record(z.string(), z.unknown())
	.describe('Kind-specific fields, e.g. {"stride":"Tampering","cwe":"CWE-89","anchor":"src/db.ts#find","vector":"…","requiredProtection":"…","status":"open"} for a threat.');

export async function commitEdit(session: AnalysisSession, ctx: ToolContext, edit: GraphEdit, why: string): Promise<ToolOutput> {
	if (!ctx.approvals.allows('write')) {
		throw new ToolError('Changing the analysis is disabled by the approval policy (for example in an untrusted workspace); nothing was changed.');
	}
	try {
		const done = await session.edit(edit, why);
		return { content: `${done.changes.join('; ')}. New version ${done.version.id.slice(0, 12)}.${done.createdId ? ` The new node is ${done.createdId}.` : ''}` };
	} catch (error) {
		if (error instanceof GraphEditError) {
			throw new ToolError(error.message);
		}
		throw error;
	}
}
