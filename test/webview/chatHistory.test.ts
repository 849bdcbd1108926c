// Issue 10: the chat view's history list and arena table, as the built bundle in headless Chromium
// against a host stub speaking the typed messages of src/core/protocol/chatMessages.ts — every
// action sends the right message, stale answers are ignored, and titles from disk stay text.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConversationListItem, HostToChatMessage } from '../../src/core/protocol/chatMessages';
import { ensureBuilt } from '../support/ensureBuilt';
import { repoRoot } from '../support/fixtureCorpus';
import { WebviewPage } from './webviewPage';

const hostile = 'Leak <img src=x onerror="window.__pwned=1"> review';
const conversations: ConversationListItem[] = [
	{ id: 'c-aaaaaa01', title: 'Why does M-3 exist?', updatedAt: '2026-03-02T10:00:00.000Z', turns: 2, current: true },
	{ id: 'c-bbbbbb02', title: hostile, updatedAt: '2026-03-01T09:00:00.000Z', turns: 1, current: false },
];

describe('chat history list and arena table in headless Chromium', function () {
	this.timeout(60_000);
	let view: WebviewPage;
	const post = (m: HostToChatMessage) => view.post(m);
	const sent = async () => (await view.sent()) as Array<{ type: string }>;
	const last = async () => (await sent()).at(-1);
	const row = (id: string) => view.page.locator(`li.conversation[data-conversation-id="${id}"]`);

	before(async () => {
		ensureBuilt();
		view = await WebviewPage.open('chat');
		await view.page.waitForSelector('#history-toggle');
	});

	after(async () => {
		await view?.close();
	});

	it('is closed at first; History opens it and asks the host for the list', async () => {
		assert.equal(await view.page.locator('#history').isVisible(), false);
		assert.equal(await view.page.locator('#history-toggle').getAttribute('aria-expanded'), 'false');
		await view.page.click('#history-toggle');
		await view.page.waitForSelector('#history', { state: 'visible' });
		assert.equal(await view.page.locator('#history-toggle').getAttribute('aria-expanded'), 'true');
		assert.deepEqual(await last(), { type: 'listConversations', query: '' });
	});

	it('lists conversations with the current one marked, titles as text', async () => {
		await post({ type: 'history', query: '', conversations });
		await row('c-bbbbbb02').waitFor();
		assert.equal(await view.page.locator('li.conversation').count(), 2);
		assert.equal(await row('c-aaaaaa01').getAttribute('class'), 'conversation current');
		assert.equal(await row('c-aaaaaa01').locator('.open-conversation').getAttribute('aria-current'), 'true');
		assert.match(await row('c-aaaaaa01').locator('.meta').innerText(), /2 turns$/);
		assert.equal(await row('c-bbbbbb02').locator('.open-conversation').innerText(), hostile);
		assert.equal(await view.page.locator('#history img').count(), 0);
	});

	it('opens a conversation and starts a new one', async () => {
		await row('c-bbbbbb02').locator('.open-conversation').click();
		assert.deepEqual(await last(), { type: 'openConversation', id: 'c-bbbbbb02' });
		await view.page.click('#new-conversation');
		assert.deepEqual(await last(), { type: 'newConversation' });
	});

	it('renames inline: Enter sends the new title, Escape restores the row', async () => {
		await row('c-aaaaaa01').locator('vscode-button.rename').click();
		const field = row('c-aaaaaa01').locator('vscode-textfield.rename-input');
		await field.waitFor();
		await field.evaluate((f) => ((f as HTMLElement & { value: string }).value = ''));
		await field.locator('input').pressSequentially('Payment data loss');
		await field.locator('input').press('Enter');
		assert.deepEqual(await last(), { type: 'renameConversation', id: 'c-aaaaaa01', title: 'Payment data loss' });

		await post({ type: 'history', query: '', conversations });
		await row('c-bbbbbb02').locator('vscode-button.rename').click();
		await row('c-bbbbbb02').locator('vscode-textfield.rename-input input').press('Escape');
		await row('c-bbbbbb02').locator('.open-conversation').waitFor();
		assert.equal((await sent()).filter((m) => m.type === 'renameConversation').length, 1, 'Escape sends nothing');
	});

	it('deletes only after a second, confirming click', async () => {
		const before = (await sent()).length;
		const remove = row('c-bbbbbb02').locator('vscode-button.delete');
		await remove.click();
		assert.equal(await remove.innerText(), 'Confirm delete');
		assert.equal((await sent()).length, before, 'the first click sends nothing');
		await remove.click();
		assert.deepEqual(await last(), { type: 'deleteConversation', id: 'c-bbbbbb02' });
	});

	it('exports as Markdown and as JSON', async () => {
		await row('c-aaaaaa01').locator('vscode-button.export-markdown').click();
		assert.deepEqual(await last(), { type: 'exportConversation', id: 'c-aaaaaa01', format: 'markdown' });
		await row('c-aaaaaa01').locator('vscode-button.export-json').click();
		assert.deepEqual(await last(), { type: 'exportConversation', id: 'c-aaaaaa01', format: 'json' });
	});

	it('searches as the user types and ignores answers to an older query', async () => {
		await view.page.locator('#history-search input').pressSequentially('payment');
		await view.page.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string; query?: string }> }).__sent.some((m) => m.type === 'listConversations' && m.query === 'payment'));
		const queries = (await sent()).filter((m): m is { type: 'listConversations'; query: string } => m.type === 'listConversations').map((m) => m.query);
		assert.ok(!queries.includes('p') && !queries.includes('pay'), `typing is debounced into one request: ${queries.join(', ')}`);
		await post({ type: 'history', query: 'pay', conversations });
		await post({ type: 'history', query: 'payment', conversations: [] });
		await view.page.waitForSelector('.history-empty:text("No conversation mentions \\"payment\\".")');
		await post({ type: 'history', query: 'pa', conversations });
		assert.equal(await view.page.locator('li.conversation').count(), 0, 'a stale answer does not replace the list');
	});

	it('asks for the list again when a turn ends while it is open', async () => {
		const before = (await sent()).length;
		await post({ type: 'busy', busy: true });
		await post({ type: 'busy', busy: false });
		await view.page.waitForFunction((n) => (window as unknown as { __sent: unknown[] }).__sent.length > n, before);
		assert.deepEqual(await last(), { type: 'listConversations', query: 'payment' });
	});

	it('shows an opened conversation and renders an arena table in rank order, as text', async () => {
		await post({ type: 'conversation', conversation: { id: 'c-aaaaaa01', title: 'Why does M-3 exist?', entries: [{ kind: 'message', id: 'u1', role: 'user', text: 'Why does M-3 exist?' }] } });
		await view.page.waitForSelector('[data-entry-id="u1"]');
		assert.equal(await view.page.locator('#chat-log').getAttribute('data-conversation-id'), 'c-aaaaaa01');
		await post({
			type: 'arena',
			id: 'arena-1',
			table: {
				title: 'threat model of the stored design',
				rule: 'fewer critical, then high findings; then verification; then completeness problems; then cost; then time',
				rows: [
					{ rank: 1, contestant: 'careful', findings: { critical: 0, high: 0, medium: 1, low: 0 }, verification: 'passed', completenessProblems: 0, inputTokens: 1200, outputTokens: 300, costUsd: 0.0042, durationMs: 1500 },
					{ rank: 2, contestant: '<b>hasty</b>', findings: { critical: 0, high: 2, medium: 0, low: 0 }, verification: 'not-run', completenessProblems: 1, inputTokens: 900, outputTokens: 200, durationMs: 900 },
					{ rank: 3, contestant: 'broken', findings: { critical: 0, high: 0, medium: 0, low: 0 }, verification: 'not-run', completenessProblems: 0, inputTokens: 0, outputTokens: 0, durationMs: 10, error: 'skipped: budget spent' },
				],
			},
		});
		const table = view.page.locator('[data-entry-id="arena-1"] table.arena-table');
		await table.waitFor();
		const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.querySelector('.contestant')?.textContent ?? td.textContent)));
		assert.deepEqual(rows, [['1', 'careful', '0', '0'], ['2', '<b>hasty</b>', '0', '2'], ['3', 'broken', '0', '0']]);
		assert.equal(await table.locator('tr.winner').count(), 1);
		assert.equal(await table.locator('b').count(), 0);
		assert.match(await view.page.locator('[data-entry-id="arena-1"] .arena-error').innerText(), /budget spent/);
		assert.match(await view.page.locator('[data-entry-id="arena-1"] .arena-rule').innerText(), /^Ranking: fewer critical/);
		const state = (await view.page.evaluate(() => (window as unknown as { __state: { entries: Array<{ kind: string }> } }).__state)) as { entries: Array<{ kind: string }> };
		assert.deepEqual(state.entries.map((e) => e.kind), ['message', 'arena'], 'the table is kept for a reload');
		assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
		assert.deepEqual(view.cspViolations, []);
		assert.deepEqual(view.errors, []);
		assert.equal(await table.locator('vscode-button.apply-result').count(), 0, 'no Apply without held results');

		await post({ type: 'arena', id: 'r2', table: { title: 'again', rule: 'the rule', applicable: true, rows: [
			{ rank: 1, contestant: 'careful', findings: { critical: 0, high: 0, medium: 0, low: 0 }, verification: 'not-run', completenessProblems: 0, inputTokens: 1, outputTokens: 1, durationMs: 1 },
			{ rank: 2, contestant: 'broken', findings: { critical: 0, high: 0, medium: 0, low: 0 }, verification: 'not-run', completenessProblems: 0, inputTokens: 0, outputTokens: 0, durationMs: 1, error: 'failed' },
		] } });
		const second = view.page.locator('[data-entry-id="r2"]');
		await second.locator('vscode-button.apply-result').waitFor();
		assert.equal(await second.locator('vscode-button.apply-result').count(), 1, 'a failed run has nothing to apply');
		await second.locator('vscode-button.apply-result:text("Apply winner")').click();
		assert.deepEqual(await last(), { type: 'applyArenaResult', arenaId: 'r2', contestant: 'careful' });
		mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
		await view.page.screenshot({ path: join(repoRoot, 'test-results', 'chat-history.png'), fullPage: true });
	});
});
