import type { ToolDefinition } from '../../llm/types';
import { detectEnvTool } from './detectEnv';
import { editFileTool } from './editFile';
import { finishTool } from './finish';
import { lintCheckTool } from './lintCheck';
import { listFilesTool } from './listFiles';
import { readArchitectureTool } from './readArchitecture';
import { readFileTool } from './readFile';
import { readThreatsTool } from './readThreats';
import { runCommandTool } from './runCommand';
import { searchCodeTool } from './searchCode';
import type { AgentTool } from './tool';
import { writeFileTool } from './writeFile';

export class ToolRegistry {
	private readonly byName = new Map<string, AgentTool>();

	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each tool has its own input type
	constructor(tools: ReadonlyArray<AgentTool<any>>) {
		for (const tool of tools as ReadonlyArray<AgentTool>) {
			if (this.byName.has(tool.definition.name)) {
				throw new Error(`Duplicate tool name ${tool.definition.name}`);
			}
			this.byName.set(tool.definition.name, tool);
		}
	}

	get(name: string): AgentTool | undefined {
		return this.byName.get(name);
	}

	get names(): string[] {
		return [...this.byName.keys()];
	}

	/** As sent to the provider: name, description, JSON Schema. */
	definitions(): ToolDefinition[] {
		return [...this.byName.values()].map((t) => ({ name: t.definition.name, description: t.definition.description, parameters: t.definition.parameters }));
	}
}

/** Every tool, reads first: the order the model sees them in. */
export const defaultToolNames = ['read_file', 'list_files', 'search_code', 'read_architecture', 'read_threats', 'detect_env', 'lint_check', 'write_file', 'edit_file', 'run_command', 'finish'] as const;

export function defaultTools(): ToolRegistry {
	return new ToolRegistry([readFileTool, listFilesTool, searchCodeTool, readArchitectureTool, readThreatsTool, detectEnvTool, lintCheckTool, writeFileTool, editFileTool, runCommandTool, finishTool]);
}
