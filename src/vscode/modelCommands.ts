import * as vscode from 'vscode';
import { activeProfileId, apiKeySecretName, loadLlmRuntime } from './llmLoader';

/** Arguments for running the commands without prompts (tests, other extensions, keybindings). */
export interface SetApiKeyArgs {
	readonly profileId: string;
	/** The key; an empty string removes the stored key. */
	readonly key: string;
}

export interface SelectModelArgs {
	readonly profileId: string;
}

function profileItems(): Array<vscode.QuickPickItem & { id: string }> {
	const { profiles, errors } = loadLlmRuntime().readProfiles();
	if (errors.length > 0) {
		void vscode.window.showWarningMessage(`Rampart: some provider profiles are invalid and were ignored: ${errors.join(' | ')}`);
	}
	const active = activeProfileId();
	return profiles.map((p) => ({ id: p.id, label: p.label ?? p.id, description: `${p.kind} · ${p.model}`, detail: p.id === active ? 'active' : undefined }));
}

/** "Rampart: Set API Key": stores the key of one profile in SecretStorage, never in settings. */
export async function setApiKey(secrets: vscode.SecretStorage, args?: SetApiKeyArgs): Promise<boolean> {
	let profileId = args?.profileId;
	let key = args?.key;
	if (profileId === undefined) {
		const items = profileItems().filter((i) => !i.description?.startsWith('vscode-lm'));
		profileId = (await vscode.window.showQuickPick(items, { title: 'Rampart: which provider profile is this key for?' }))?.id;
		if (!profileId) {
			return false;
		}
	}
	if (!loadLlmRuntime().readProfiles().profiles.some((p) => p.id === profileId)) {
		void vscode.window.showErrorMessage(`Rampart: there is no provider profile "${profileId}".`);
		return false;
	}
	if (key === undefined) {
		key = await vscode.window.showInputBox({ title: `Rampart: API key for ${profileId}`, password: true, ignoreFocusOut: true, prompt: 'Stored in VS Code SecretStorage, never in settings. Leave empty to remove the stored key.' });
		if (key === undefined) {
			return false;
		}
	}
	if (key.trim() === '') {
		await secrets.delete(apiKeySecretName(profileId));
		void vscode.window.showInformationMessage(`Rampart: API key for ${profileId} removed.`);
		return true;
	}
	await secrets.store(apiKeySecretName(profileId), key.trim());
	void vscode.window.showInformationMessage(`Rampart: API key for ${profileId} stored in SecretStorage.`);
	return true;
}

/** "Rampart: Select Model": switches the active provider profile (profiles themselves live in settings). */
export async function selectModel(args?: SelectModelArgs): Promise<boolean> {
	let profileId = args?.profileId;
	if (profileId === undefined) {
		const edit = { id: '', label: '$(gear) Edit provider profiles…', description: 'rampart.providers' };
		const pick = await vscode.window.showQuickPick([...profileItems(), edit], { title: 'Rampart: model for the next runs' });
		if (!pick) {
			return false;
		}
		if (pick === edit) {
			await vscode.commands.executeCommand('workbench.action.openSettings', 'rampart.providers');
			return false;
		}
		profileId = pick.id;
	}
	if (!loadLlmRuntime().readProfiles().profiles.some((p) => p.id === profileId)) {
		void vscode.window.showErrorMessage(`Rampart: there is no provider profile "${profileId}".`);
		return false;
	}
	await vscode.workspace.getConfiguration('rampart').update('llm.activeProfile', profileId, vscode.ConfigurationTarget.Global);
	return true;
}
