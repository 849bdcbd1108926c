import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'rampart.rampart';

interface Manifest {
	readonly contributes?: { readonly commands?: ReadonlyArray<{ readonly command: string }> };
}

function rampart(): vscode.Extension<unknown> {
	const extension = vscode.extensions.getExtension(extensionId);
	assert.ok(extension, `${extensionId} is not installed in the extension host`);
	return extension;
}

describe('Rampart extension', () => {
	it('is present', () => {
		assert.equal(rampart().id, extensionId);
	});

	it('activates', async () => {
		const extension = rampart();
		await extension.activate();
		assert.equal(extension.isActive, true);
	});

	it('registers every command of package.json (the product six and the agent task)', async () => {
		const manifest = rampart().packageJSON as Manifest;
		const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
		const required = ['rampart.generateSecureProject', 'rampart.openTraceCanvas', 'rampart.scanWorkspace', 'rampart.exportSarif', 'rampart.setApiKey', 'rampart.selectModel', 'rampart.agent.runTask'];
		assert.deepEqual(required.filter((id) => !contributed.includes(id)), [], `package.json contributes: ${contributed.join(', ')}`);
		const registered = new Set(await vscode.commands.getCommands(true));
		assert.deepEqual(
			contributed.filter((id) => !registered.has(id)),
			[],
			'commands contributed by package.json but not registered',
		);
	});
});
