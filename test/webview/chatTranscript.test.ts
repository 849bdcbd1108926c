// Issue 10, acceptance 1: the chat bundle in headless Chromium against a host stub that speaks the
// typed messages of src/core/protocol/chatMessages.ts — streaming renders as it arrives, tool groups
// and approval cards render and answer, Stop cancels, hostile Markdown stays text.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostToChatMessage } from '../../src/core/protocol/chatMessages';
import { ensureBuilt } from '../support/ensureBuilt';
import { repoRoot } from '../support/fixtureCorpus';
import { WebviewPage } from './webviewPage';

describe('chat transcript in headless Chromium', function () {
	this.timeout(60_000);
	let view: WebviewPage;
	const post = (m: HostToChatMessage) => view.post(m);
	const last = async () => (await view.sent()).at(-1);

	before(async () => {
		ensureBuilt();
		view = await WebviewPage.open('chat');
		await view.page.waitForSelector('#chat-log', { state: 'attached' });
	});

	after(async () => {
		await view?.close();
	});

	it('renders streamed assistant text incrementally, as Markdown, and ends the stream', async () => {
		await post({ type: 'assistantDelta', turnId: 't1', text: 'Checking **log' });
		await view.page.waitForSelector('[data-entry-id="t1"].streaming');
		assert.match(await view.page.locator('[data-entry-id="t1"] .body').innerText(), /Checking \*\*log/);
		await post({ type: 'assistantDelta', turnId: 't1', text: 'in** now.\n\n```js\nconst q = sql`x`;\n```\n' });
		await view.page.waitForSelector('[data-entry-id="t1"] strong:text("login")');
		assert.equal(await view.page.locator('[data-entry-id="t1"] pre code').innerText(), 'const q = sql`x`;');
		await post({ type: 'assistantDone', turnId: 't1' });
		await view.page.waitForSelector('[data-entry-id="t1"]:not(.streaming)');
		await view.page.click('[data-entry-id="t1"] .code-bar button:text("Insert")');
		assert.deepEqual(await last(), { type: 'insertCode', code: 'const q = sql`x`;' });
	});

	it('shows a turn of read-only calls as one parallel group and updates each call', async () => {
		await post({
			type: 'toolGroup',
			groupId: 'g1',
			calls: [
				{ id: 'c1', name: 'read_file', summary: 'src/auth.ts', readOnly: true },
				{ id: 'c2', name: 'search_code', summary: '/password/', readOnly: true },
				{ id: 'c3', name: 'read_threats', summary: 'src/auth.ts', readOnly: true },
			],
		});
		await view.page.waitForSelector('text=3 reads in parallel');
		await post({ type: 'toolStatus', callId: 'c2', state: 'ok' });
		await post({ type: 'toolStatus', callId: 'c3', state: 'error', detail: 'no threat model yet' });
		await view.page.waitForSelector('li[data-call-id="c2"].ok');
		await view.page.waitForSelector('li[data-call-id="c3"].error >> text=no threat model yet');
		assert.equal(await view.page.locator('li[data-call-id="c1"].queued').count(), 1);
	});

	it('renders an approval card with the diff and sends the decision bound to its change hash', async () => {
		await post({
			type: 'approvalRequest',
			approval: { approvalId: 'a1', kind: 'write', title: 'src/auth.ts', diff: '--- a/src/auth.ts\n+++ b/src/auth.ts\n-const q = "SELECT " + id;\n+const q = db.prepare("SELECT ?").get(id);', changeHash: 'hash-1' },
		});
		await view.page.waitForSelector('.approval.pending');
		assert.equal(await view.page.locator('.approval .diff .add').count(), 1);
		assert.equal(await view.page.locator('.approval .diff .del').count(), 1);
		await view.page.click('.approval vscode-button.approve');
		assert.deepEqual(await last(), { type: 'approvalDecision', approvalId: 'a1', changeHash: 'hash-1', approved: true });
		await post({ type: 'approvalResolved', approvalId: 'a1', approved: true });
		await view.page.waitForSelector('.approval.approved >> text=Approved');

		await post({ type: 'approvalRequest', approval: { approvalId: 'a2', kind: 'command', title: 'run tests', command: 'npm test -- --grep auth', changeHash: 'hash-2' } });
		await view.page.waitForSelector('[data-entry-id="a2"] >> text=npm test -- --grep auth');
		await view.page.click('[data-entry-id="a2"] vscode-button.reject');
		assert.deepEqual(await last(), { type: 'approvalDecision', approvalId: 'a2', changeHash: 'hash-2', approved: false });
	});

	it('Stop is enabled while a run is busy and sends a cancel', async () => {
		await post({ type: 'busy', busy: true });
		await view.page.waitForSelector('#stop:not([disabled])');
		await view.page.click('#stop');
		assert.deepEqual(await last(), { type: 'cancel' });
		await post({ type: 'busy', busy: false });
		await view.page.waitForSelector('#stop[disabled]');
	});

	it('neutralises hostile Markdown: no element, handler or script URL from model text', async () => {
		await post({
			type: 'assistantDelta',
			turnId: 't-evil',
			text: 'Look <img src=x onerror="window.__pwned=1"> and [click me](javascript:window.__pwned=2) or [docs](https://owasp.org/Top10/) about M-3.\n<script>window.__pwned=3</script>',
		});
		await post({ type: 'assistantDone', turnId: 't-evil' });
		const entry = view.page.locator('[data-entry-id="t-evil"]');
		await entry.locator('text=click me').waitFor();
		assert.equal(await view.page.locator('#chat-log img, #chat-log script').count(), 0);
		const hrefs = await entry.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
		assert.ok(hrefs.every((h) => h === '#'), `only inert links: ${hrefs.join(', ')}`);
		assert.match(await entry.innerText(), /\[click me\]\(javascript:window\.__pwned=2\)/);
		await entry.locator('a.md-link').click();
		assert.deepEqual(await last(), { type: 'openLink', url: 'https://owasp.org/Top10/' });
		await entry.locator('a.node-ref:text("M-3")').click();
		assert.deepEqual(await last(), { type: 'openNode', nodeId: 'M-3' });
		assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
		assert.deepEqual(view.cspViolations, []);
		assert.deepEqual(view.errors, []);
	});

	it('keeps the transcript in the webview state for a reload', async () => {
		const state = (await view.page.evaluate(() => (window as unknown as { __state: { entries: Array<{ kind: string; id: string }> } }).__state)) as { entries: Array<{ kind: string; id: string }> };
		assert.deepEqual(
			state.entries.map((e) => `${e.kind}:${e.id}`),
			['message:t1', 'tools:g1', 'approval:a1', 'approval:a2', 'message:t-evil'],
		);
		mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
		await view.page.screenshot({ path: join(repoRoot, 'test-results', 'chat-transcript.png'), fullPage: true });
	});
});
