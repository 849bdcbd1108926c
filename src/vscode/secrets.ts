import type * as vscode from 'vscode';

/** API keys live in SecretStorage only, one per provider; never in settings or logs. */
export function apiKeySecretName(provider: string): string {
	return `rampart.apiKey.${provider}`;
}

export async function hasApiKey(secrets: vscode.SecretStorage, provider: string): Promise<boolean> {
	const key = await secrets.get(apiKeySecretName(provider));
	return typeof key === 'string' && key.length > 0;
}
