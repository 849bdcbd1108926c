import * as assert from 'node:assert/strict';
import { isChatToHostMessage } from '../../../src/core/protocol/chatMessages';
import { buildWebviewHtml } from '../../../src/core/webview/webviewShell';

describe('chat messages', () => {
	it('accepts the declared messages', () => {
		assert.ok(isChatToHostMessage({ type: 'ready' }));
		assert.ok(isChatToHostMessage({ type: 'send', text: 'hi' }));
		assert.ok(isChatToHostMessage({ type: 'runCommand', command: 'rampart.scanWorkspace' }));
		assert.ok(isChatToHostMessage({ type: 'openFinding', file: 'a.js', line: 3 }));
	});

	it('rejects hostile or malformed messages', () => {
		for (const bad of [null, 'ready', {}, { type: 'runCommand', command: 'workbench.action.terminal.sendSequence' }, { type: 'openFinding', file: 'a.js', line: -1 }, { type: 'openFinding', file: 'a.js', line: 1.5 }, { type: 'send', text: 'x'.repeat(100_001) }, { type: 'eval' }]) {
			assert.equal(isChatToHostMessage(bad), false, JSON.stringify(bad)?.slice(0, 80));
		}
	});
});

describe('webview shell', () => {
	it('has a nonce CSP with default-src none and escapes the title', () => {
		const html = buildWebviewHtml({ cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/chat.js', nonce: 'abc', title: '<x>' });
		assert.match(html, /default-src 'none'; script-src 'nonce-abc'/);
		assert.match(html, /<script nonce="abc" src="vscode-resource:\/chat.js"><\/script>/);
		assert.ok(!html.includes('<x>'));
		assert.ok(!html.includes('unsafe-inline'));
	});
});
