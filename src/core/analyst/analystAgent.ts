// The Security Analyst: the chat's agent. It reads and edits the STPA-Sec analysis through store
// tools (every edit a new version authored by the agent) and reads the workspace read-only; a
// turn without tool calls is its answer. Answers cite node ids, which the chat renders as links.
import { AgentRun, type AgentOptions } from '../agent/agentLoop';
import type { ChatModel } from '../llm/types';
import { editFileTool } from '../agent/tools/editFile';
import { listFilesTool } from '../agent/tools/listFiles';
import { readFileTool } from '../agent/tools/readFile';
import { ToolRegistry } from '../agent/tools/registry';
import { searchCodeTool } from '../agent/tools/searchCode';
import { writeFileTool } from '../agent/tools/writeFile';
import type { AnalysisSession } from './analysisSession';
import { addEdgeTool } from './tools/addEdge';
import { addNodeTool } from './tools/addNode';
import { checkAnalysisTool } from './tools/checkAnalysis';
import { deleteNodeTool } from './tools/deleteNode';
import { readAnalysisTool } from './tools/readAnalysis';
import { removeEdgeTool } from './tools/removeEdge';
import { rerunThreatModelTool } from './tools/rerunThreatModel';
import { traceToRequirementsTool } from './tools/traceToRequirements';
import { updateNodeTool } from './tools/updateNode';

export const analystSystemPrompt = [
	'You are the Rampart Security Analyst. You help the user understand and maintain the security analysis of this workspace: an STPA-Sec graph (stakeholders SH, requirements SR, losses L, hazards H, security constraints SC, controllers C, control actions CA, unsecure control actions UCA, controller constraints CC, loss scenarios LS, threats T, mitigations M, findings F, code elements CE).',
	'Use read_analysis and trace_to_requirements before you answer a question about the analysis, and cite the node ids you rely on (for example "M-3 exists because of SR-2 via L-1").',
	'Change workspace files only when the user asks (write_file / edit_file); every change is shown to the user for approval first.',
	'To re-run the threat model of one file, use rerun_threat_model; it replaces only that file\'s threats.',
	'Change the analysis only when the user asks; use add_node / update_node / delete_node / add_edge / remove_edge with a short reason, then say what changed and the new ids.',
	'When you have answered, reply with text and no tool call.',
].join('\n');

/** `structuredModel` (the plain model, not the chat's streaming view of it) enables rerun_threat_model. */
export function analystTools(session: AnalysisSession, structuredModel?: ChatModel): ToolRegistry {
	return new ToolRegistry([
		...(structuredModel ? [rerunThreatModelTool(session, structuredModel)] : []),
		readAnalysisTool(session),
		traceToRequirementsTool(session),
		checkAnalysisTool(session),
		addNodeTool(session),
		updateNodeTool(session),
		deleteNodeTool(session),
		addEdgeTool(session),
		removeEdgeTool(session),
		readFileTool,
		listFilesTool,
		searchCodeTool,
		writeFileTool,
		editFileTool,
	]);
}

export function createAnalyst(session: AnalysisSession, options: Omit<AgentOptions, 'tools' | 'system' | 'textEndsTurn'> & { structuredModel?: ChatModel }): AgentRun {
	const { structuredModel, ...rest } = options;
	return new AgentRun({ ...rest, tools: analystTools(session, structuredModel), system: analystSystemPrompt, textEndsTurn: true });
}
