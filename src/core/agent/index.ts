// The agent runtime's public surface.
export { AgentRun, frameToolOutput, type AgentEvent, type AgentOptions, type AgentOutcome, type AgentStatus } from './agentLoop';
export { ApprovalGate, changeHashOf, contentHash, defaultPolicy, type ApprovalCategory, type ApprovalDecision, type ApprovalMode, type ApprovalPolicy, type ApprovalPort, type WriteApprovalRequest } from './approvals';
export { AuditLog, verifyAuditLog, verifyAuditText, type AuditEntry, type AuditSink, type AuditVerification } from './auditLog';
export { Confinement, ToolError, protectedDirs } from './confinement';
export { NodeWorkspace } from './nodeWorkspace';
export { defaultTools, ToolRegistry } from './tools/registry';
export type { AgentTool, ToolContext, ToolOutput } from './tools/tool';
export type * from './workspacePort';
export { ContextManager, type ContextEvent, type ContextOptions } from './context/contextManager';
export { type AnchorSources } from './context/anchors';
export { FileLedger, type LedgerState, type ReadEntry, type WriteEntry } from './context/readLedger';
export { TokenBudget, contextWindowOf } from './context/tokenBudget';
export { RunFileError, RunRepository, type RunSummary } from './runs/runRepository';
export { RunLock, RunLockedError, type LockOwner, type RunLockOptions } from './runs/runLock';
export { agentRunSchema, type AgentRunRecord, type AgentRunState } from './runs/runSchema';
