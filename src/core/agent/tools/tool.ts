// What a tool is for the agent loop: a model-facing name and description, a zod input schema, a
// `readOnly` flag (read-only calls of a turn run concurrently, the others one at a time), and
// `execute(input, ctx)`. Tools report refusals by throwing ToolError; the loop turns it into a result.
import type { z } from 'zod';
import type { SecurityEngine } from '../../../../language-server/src/engine/securityEngine';
import { defineTool, type TypedTool } from '../../llm/tools';
import type { SandboxPort } from '../../sandbox/sandboxPort';
import type { ArtifactKind, ArtifactOf } from '../../store/schemas';
import type { ApprovalGate } from '../approvals';
import type { AuditSink } from '../auditLog';
import type { Confinement } from '../confinement';
import type { WorkspacePort } from '../workspacePort';

export interface ToolContext {
	workspace: WorkspacePort;
	confinement: Confinement;
	approvals: ApprovalGate;
	audit?: AuditSink;
	/** Validated reads of the `.rampart/` analysis store (an `AnalysisStore`); absent → the store tools say so. */
	store?: ArtifactReader;
	/** Where `run_command` and `detect_env` run commands; absent → they refuse with a clear message. */
	sandbox?: SandboxPort;
	/** Workspace trust (VS Code's `workspace.isTrusted`); `false` refuses every command whatever the policy. */
	trusted?: boolean;
	/** The SAST engine (tree-sitter parsers and rules), created on first use. */
	engine(): Promise<SecurityEngine>;
	signal: AbortSignal;
	callId: string;
}

/** The part of the analysis store the tools need: a validated read of one document. */
export interface ArtifactReader {
	read<K extends ArtifactKind>(kind: K): Promise<ArtifactOf<K> | undefined>;
}

export interface ToolOutput {
	content: string;
	isError?: boolean;
	/** Set by `finish`: the run ends after this turn's calls are answered. */
	finish?: { summary: string };
}

export interface AgentTool<T = unknown> {
	readonly definition: TypedTool<T>;
	readonly readOnly: boolean;
	execute(input: T, ctx: ToolContext): Promise<ToolOutput>;
}

export function agentTool<T>(spec: { name: string; description: string; schema: z.ZodType<T>; readOnly: boolean; execute(input: T, ctx: ToolContext): Promise<ToolOutput> }): AgentTool<T> {
	return { definition: defineTool({ name: spec.name, description: spec.description, schema: spec.schema }), readOnly: spec.readOnly, execute: spec.execute };
}

export function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}
