import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RampartApi } from '../../../src/vscode/extension';

async function api(): Promise<RampartApi> {
	const extension = vscode.extensions.getExtension<RampartApi>('rampart.rampart');
	assert.ok(extension, 'rampart.rampart is installed');
	return extension.activate();
}

describe('Rampart model settings', () => {
	it('"Rampart: Set API Key" stores a key that SecretStorage gives back, and removes it', async () => {
		const rampart = await api();
		assert.equal(await rampart.hasApiKey('anthropic'), false);
		assert.equal(await vscode.commands.executeCommand('rampart.setApiKey', { profileId: 'anthropic', key: 'sk-ant-e2e-test-key' }), true);
		assert.equal(await rampart.hasApiKey('anthropic'), true);
		const settings = JSON.stringify(vscode.workspace.getConfiguration('rampart'));
		assert.ok(!settings.includes('sk-ant-e2e-test-key'), 'the key is not in the settings');
		assert.equal(await vscode.commands.executeCommand('rampart.setApiKey', { profileId: 'anthropic', key: '' }), true);
		assert.equal(await rampart.hasApiKey('anthropic'), false);
	});

	it('refuses a key for a profile that does not exist', async () => {
		const rampart = await api();
		assert.equal(await vscode.commands.executeCommand('rampart.setApiKey', { profileId: 'nope', key: 'x' }), false);
		assert.equal(await rampart.hasApiKey('nope'), false);
	});

	it('"Rampart: Select Model" switches the active profile', async () => {
		await api();
		const config = () => vscode.workspace.getConfiguration('rampart');
		assert.equal(await vscode.commands.executeCommand('rampart.selectModel', { profileId: 'anthropic' }), true);
		assert.equal(config().get('llm.activeProfile'), 'anthropic');
		assert.equal(await vscode.commands.executeCommand('rampart.selectModel', { profileId: 'openai' }), true);
		assert.equal(config().get('llm.activeProfile'), 'openai');
	});
});
