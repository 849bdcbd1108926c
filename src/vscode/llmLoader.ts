import { join } from 'node:path';
import * as vscode from 'vscode';
import type * as LlmRuntime from './llmRuntime';

export type { LlmRuntime };

let runtime: typeof LlmRuntime | undefined;

/**
 * The LLM runtime (profiles, SDK adapters, zod) lives in its own bundle, dist/llm.js, loaded
 * the first time a command needs it, so activation stays small.
 */
export function loadLlmRuntime(): typeof LlmRuntime {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	runtime ??= require(join(__dirname, 'llm.js')) as typeof LlmRuntime;
	return runtime;
}

export function apiKeySecretName(profileId: string): string {
	return `rampart.apiKey.${profileId}`;
}

export function activeProfileId(): string {
	return vscode.workspace.getConfiguration('rampart').get<string>('llm.activeProfile', 'openai');
}

export async function hasApiKey(secrets: vscode.SecretStorage, profileId: string): Promise<boolean> {
	return !!(await secrets.get(apiKeySecretName(profileId)));
}
