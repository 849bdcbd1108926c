// Issue 10: the history (and arena Apply) messages a chat webview may send are checked before the host uses them —
// conversation ids must be store ids (no paths), titles bounded, export formats from the list.
import * as assert from 'node:assert/strict';
import { isChatToHostMessage } from '../../../src/core/protocol/chatMessages';

describe('chat history messages guard', () => {
	it('accepts the declared history messages', () => {
		for (const good of [
			{ type: 'listConversations', query: '' },
			{ type: 'listConversations', query: 'payment data' },
			{ type: 'openConversation', id: 'c-mwrehdr1545d74d2' },
			{ type: 'newConversation' },
			{ type: 'renameConversation', id: 'c-abcdef12', title: 'Card data at rest' },
			{ type: 'deleteConversation', id: 'c-abcdef12' },
			{ type: 'exportConversation', id: 'c-abcdef12', format: 'markdown' },
			{ type: 'exportConversation', id: 'c-abcdef12', format: 'json' },
			{ type: 'applyArenaResult', arenaId: 'rmwrf12ab3', contestant: 'openai' },
		]) {
			assert.ok(isChatToHostMessage(good), JSON.stringify(good));
		}
	});

	it('rejects ids that are paths, empty or long titles, unknown formats, long queries', () => {
		for (const bad of [
			{ type: 'openConversation', id: '../../etc' },
			{ type: 'openConversation', id: 'c-abc/../../x' },
			{ type: 'deleteConversation', id: '.deleted-c-abcdef12' },
			{ type: 'deleteConversation' },
			{ type: 'renameConversation', id: 'c-abcdef12', title: '   ' },
			{ type: 'renameConversation', id: 'c-abcdef12', title: 'x'.repeat(201) },
			{ type: 'exportConversation', id: 'c-abcdef12', format: 'html' },
			{ type: 'exportConversation', id: 'C-ABCDEF12', format: 'json' },
			{ type: 'listConversations', query: 'x'.repeat(501) },
			{ type: 'listConversations' },
			{ type: 'applyArenaResult', arenaId: '../x', contestant: 'openai' },
			{ type: 'applyArenaResult', arenaId: 'r1', contestant: '' },
			{ type: 'applyArenaResult', arenaId: 'r1', contestant: 'x'.repeat(101) },
		]) {
			assert.equal(isChatToHostMessage(bad), false, JSON.stringify(bad).slice(0, 80));
		}
	});
});
