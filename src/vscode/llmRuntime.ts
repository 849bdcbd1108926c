// Bundled apart (dist/llm.js) and loaded on first use: activation never pays for the SDKs and zod.
import * as vscode from 'vscode';
import { createChatModel, parseProviderProfile, type ChatModel, type ProviderProfile, redactingLogger, SecretRegistry, type SecretSource } from '../core/llm';
import { activeProfileId, apiKeySecretName, hasApiKey } from './llmLoader';
import { VscodeLmChatModel } from './vscodeLmChatModel';

/** The profiles every installation starts with; users add their own in `rampart.providers`. */
export const builtInProfiles: readonly ProviderProfile[] = [
	{ id: 'openai', kind: 'openai', model: 'gpt-4.1', label: 'OpenAI' },
	{ id: 'anthropic', kind: 'anthropic', model: 'claude-sonnet-4-6', label: 'Anthropic' },
];

/** Profiles from settings (invalid ones are reported, not used), then the built-in ones not overridden. */
export function readProfiles(): { profiles: ProviderProfile[]; errors: string[] } {
	const raw = vscode.workspace.getConfiguration('rampart').get<unknown[]>('providers', []);
	const profiles: ProviderProfile[] = [];
	const errors: string[] = [];
	for (const [i, entry] of (Array.isArray(raw) ? raw : []).entries()) {
		const parsed = parseProviderProfile(entry);
		if (parsed.ok) {
			profiles.push(parsed.profile);
		} else {
			errors.push(`rampart.providers[${i}]: ${parsed.errors.join('; ')}`);
		}
	}
	for (const p of builtInProfiles) {
		if (!profiles.some((q) => q.id === p.id)) {
			profiles.push(p);
		}
	}
	return { profiles, errors };
}

export function activeProfile(): ProviderProfile | undefined {
	const id = activeProfileId();
	return readProfiles().profiles.find((p) => p.id === id);
}

/** Keys from SecretStorage, one per profile id. */
export function secretStorageSource(secrets: vscode.SecretStorage): SecretSource {
	return { getKey: async (profileId) => (await secrets.get(apiKeySecretName(profileId))) || undefined };
}

/** Whether a profile can be used as is: vscode-lm needs no key, the others need one (or a local server). */
export async function profileReady(secrets: vscode.SecretStorage, profile: ProviderProfile): Promise<boolean> {
	return profile.kind === 'vscode-lm' || profile.kind === 'openai-compatible' || (await hasApiKey(secrets, profile.id));
}

const registry = new SecretRegistry();

/** A resilient ChatModel for a profile; everything it logs goes through the redacting logger. */
export function chatModelFor(profile: ProviderProfile, secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): Promise<ChatModel> {
	const idle = vscode.workspace.getConfiguration('rampart').get<number>('llm.idleTimeoutSeconds', 180);
	return createChatModel(profile, secretStorageSource(secrets), {
		logger: redactingLogger({ log: (level, message, data) => log[level](data ? `${message} ${JSON.stringify(data)}` : message) }, registry),
		secrets: registry,
		resilience: { idleTimeoutMs: idle * 1000 },
		factories: { 'vscode-lm': (p) => new VscodeLmChatModel(p) },
	});
}

export { runAgentTask, type AgentTaskArgs, type AgentTaskResult } from './agent/agentTask';
export { createChatHost, type ChatHost } from './chat/chatHost';
export { answerChatParticipant } from './chat/participantHost';
export { describeOutcome, generateProject, type GenerateArgs, type GenerateOutcome } from './generate/generateProject';
export { TraceCanvasPanel } from './traceCanvasPanel';
