// Provider profiles (validated), where keys come from (SecretStorage or the environment), and the
// one factory that turns a profile into a resilient ChatModel.
import { z } from 'zod';
import { AnthropicChatModel } from './anthropicChatModel';
import { ProviderError } from './errors';
import { OpenAiChatModel } from './openAiChatModel';
import { createOpenAiCompatibleChatModel, splitBaseUrl } from './openAiCompatibleChatModel';
import { SecretRegistry, type Logger, silentLogger } from './redact';
import { ResilientChatModel, type ResilienceOptions } from './resilientChatModel';
import type { ChatModel, ProviderKind } from './types';

export const providerKinds = ['openai', 'anthropic', 'openai-compatible', 'vscode-lm'] as const satisfies readonly ProviderKind[];

/** Header names that carry credentials: keys belong in SecretStorage, never in settings. */
const credentialHeaders = /^(authorization|proxy-authorization|x-api-key|api-key|cookie)$/i;

const baseUrlSchema = z.string().superRefine((value, ctx) => {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		ctx.addIssue({ code: 'custom', message: 'baseUrl is not a valid URL.' });
		return;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		ctx.addIssue({ code: 'custom', message: 'baseUrl must use http or https.' });
	}
	if (url.username || url.password) {
		ctx.addIssue({ code: 'custom', message: 'baseUrl must not contain credentials; use "Rampart: Set API Key".' });
	}
	if (/[?&](api[-_]?key|key|token|access_token)=/i.test(url.search)) {
		ctx.addIssue({ code: 'custom', message: 'baseUrl must not carry a key in its query; use "Rampart: Set API Key".' });
	}
});

export const providerProfileSchema = z
	.object({
		id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'id: 1–64 letters, digits, ".", "_" or "-".'),
		kind: z.enum(providerKinds),
		model: z.string().min(1).max(200),
		label: z.string().max(200).optional(),
		baseUrl: baseUrlSchema.optional(),
		headers: z
			.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(2000))
			.refine((h) => !Object.keys(h).some((name) => credentialHeaders.test(name)), 'headers must not carry credentials; use "Rampart: Set API Key".')
			.optional(),
		/** Header that carries the key instead of `Authorization: Bearer` (Azure: `api-key`). */
		apiKeyHeader: z.string().regex(/^[A-Za-z0-9-]{1,100}$/).optional(),
		structuredOutput: z.enum(['json', 'tool', 'prompt']).optional(),
		streamUsage: z.boolean().optional(),
		maxOutputTokens: z.number().int().positive().optional(),
	})
	.strict()
	.refine((p) => p.kind !== 'openai-compatible' || p.baseUrl !== undefined, { message: 'an openai-compatible profile needs a baseUrl.', path: ['baseUrl'] });

export type ProviderProfile = z.infer<typeof providerProfileSchema>;

export type ProfileResult = { ok: true; profile: ProviderProfile } | { ok: false; errors: string[] };

export function parseProviderProfile(value: unknown): ProfileResult {
	const result = providerProfileSchema.safeParse(value);
	if (result.success) {
		return { ok: true, profile: result.data };
	}
	return { ok: false, errors: result.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`) };
}

/** Where keys come from: SecretStorage in the extension, environment variables in the CLI. */
export interface SecretSource {
	getKey(profileId: string): Promise<string | undefined>;
}

const defaultModels: Partial<Record<ProviderKind, string>> = { openai: 'gpt-4.1', anthropic: 'claude-sonnet-4-6' };

/**
 * The CLI's profile: `RAMPART_PROVIDER`, `RAMPART_MODEL`, `RAMPART_BASE_URL`; keys from
 * `OPENAI_API_KEY` / `ANTHROPIC_API_KEY`, and for a compatible server only from `RAMPART_API_KEY`
 * (an OpenAI key is never sent to a third-party URL).
 */
export function fromEnvironment(env: Record<string, string | undefined>): { profile: ProviderProfile; secrets: SecretSource } {
	const requested = env.RAMPART_PROVIDER?.trim();
	const kind = (requested || (env.RAMPART_BASE_URL ? 'openai-compatible' : env.ANTHROPIC_API_KEY && !env.OPENAI_API_KEY ? 'anthropic' : 'openai')) as ProviderKind;
	if (!providerKinds.includes(kind) || kind === 'vscode-lm') {
		throw new ProviderError('bad-request', `RAMPART_PROVIDER must be one of openai, anthropic, openai-compatible (got "${requested}").`);
	}
	const model = env.RAMPART_MODEL?.trim() || defaultModels[kind];
	if (!model) {
		throw new ProviderError('bad-request', `Set RAMPART_MODEL to the model the ${kind} server should use.`);
	}
	const parsed = parseProviderProfile({ id: `env-${kind}`, kind, model, ...(env.RAMPART_BASE_URL ? { baseUrl: env.RAMPART_BASE_URL.trim() } : {}) });
	if (!parsed.ok) {
		throw new ProviderError('bad-request', `Invalid provider environment: ${parsed.errors.join('; ')}`);
	}
	const key = kind === 'openai' ? env.OPENAI_API_KEY : kind === 'anthropic' ? env.ANTHROPIC_API_KEY : env.RAMPART_API_KEY;
	return { profile: parsed.profile, secrets: { getKey: async () => key?.trim() || undefined } };
}

export interface CreateChatModelOptions {
	logger?: Logger;
	/** Shared registry: every key obtained here is added so loggers redact it. */
	secrets?: SecretRegistry;
	resilience?: ResilienceOptions;
	fetch?: typeof fetch;
	sdkLogLevel?: 'debug' | 'info' | 'warn' | 'error' | 'off';
	/** Hosts register the backends they own (the extension: `vscode-lm`). */
	factories?: Partial<Record<ProviderKind, (profile: ProviderProfile) => ChatModel>>;
}

/** Profile + key → a ChatModel with retries, timeouts and cancellation. */
export async function createChatModel(profile: ProviderProfile, secretSource: SecretSource, options: CreateChatModelOptions = {}): Promise<ChatModel> {
	const registry = options.secrets ?? new SecretRegistry();
	const logger = options.logger ?? silentLogger;
	const custom = options.factories?.[profile.kind];
	if (custom) {
		return new ResilientChatModel(custom(profile), { logger, ...options.resilience });
	}
	const apiKey = await secretSource.getKey(profile.id);
	registry.add(apiKey);
	const common = { profileId: profile.id, model: profile.model, apiKey, headers: profile.headers, apiKeyHeader: profile.apiKeyHeader, logger, secrets: registry, fetch: options.fetch, sdkLogLevel: options.sdkLogLevel };
	let model: ChatModel;
	switch (profile.kind) {
		case 'openai':
			if (!apiKey && !profile.baseUrl) {
				throw new ProviderError('auth', `No API key for provider profile "${profile.id}". Run "Rampart: Set API Key" (or set OPENAI_API_KEY for the CLI).`);
			}
			model = new OpenAiChatModel({ ...common, kind: 'openai', ...(profile.baseUrl ? splitBaseUrl(profile.baseUrl) : {}), structuredOutput: profile.structuredOutput, streamUsage: profile.streamUsage });
			break;
		case 'anthropic':
			if (!apiKey && !profile.baseUrl) {
				throw new ProviderError('auth', `No API key for provider profile "${profile.id}". Run "Rampart: Set API Key" (or set ANTHROPIC_API_KEY for the CLI).`);
			}
			model = new AnthropicChatModel({ ...common, baseUrl: profile.baseUrl, defaultMaxTokens: profile.maxOutputTokens });
			break;
		case 'openai-compatible':
			model = createOpenAiCompatibleChatModel({ ...common, baseUrl: profile.baseUrl ?? '', structuredOutput: profile.structuredOutput, streamUsage: profile.streamUsage });
			break;
		case 'vscode-lm':
			throw new ProviderError('bad-request', 'vscode-lm models exist only inside VS Code: the extension registers their factory.');
	}
	return new ResilientChatModel(model, { logger, ...options.resilience });
}
