import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../support/ensureBuilt';
import { repoRoot } from '../support/fixtureCorpus';
import { WebviewPage } from './webviewPage';

describe('chat webview in headless Chromium', function () {
	this.timeout(60_000);
	let view: WebviewPage;

	before(async () => {
		ensureBuilt();
		view = await WebviewPage.open('chat', { entries: [{ role: 'user', text: 'earlier question' }] });
		await view.page.waitForSelector('#finding-counts');
	});

	after(async () => {
		await view?.close();
	});

	it('renders under the strict CSP without errors and says it is ready', async () => {
		assert.ok(await view.page.isVisible('text=Security findings'));
		assert.deepEqual(view.cspViolations, []);
		assert.deepEqual(view.errors, []);
		assert.deepEqual((await view.sent())[0], { type: 'ready' });
		assert.ok(await view.page.isVisible('text=earlier question'), 'restores the conversation from webview state');
	});

	it('renders findings from the host as text, never as HTML', async () => {
		await view.post({
			type: 'findings',
			summary: { errors: 2, warnings: 1, infos: 0, files: 1, top: [{ ruleId: 'rampart.js.xss.inner-html', message: '<img src=x onerror="window.__pwned=1">', file: 'src/app.js', line: 9 }] },
		});
		await view.page.waitForSelector('text=2 errors');
		assert.equal(await view.page.locator('#root img').count(), 0);
		assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
		assert.ok(await view.page.isVisible('text=src/app.js:10'));
		await view.page.click('text=src/app.js:10');
		assert.deepEqual((await view.sent()).at(-1), { type: 'openFinding', file: 'src/app.js', line: 9 });
	});

	it('asks the host to run the scan command', async () => {
		await view.page.click('#scan-workspace');
		assert.deepEqual((await view.sent()).at(-1), { type: 'runCommand', command: 'rampart.scanWorkspace' });
	});

	it('sends a chat message and shows the answer, persisting it', async () => {
		await view.page.locator('vscode-textarea').evaluate((el) => {
			(el as unknown as { value: string }).value = 'Which findings matter most?';
		});
		await view.page.click('text=Send');
		assert.deepEqual((await view.sent()).at(-1), { type: 'send', text: 'Which findings matter most?' });
		await view.post({ type: 'chatEntry', role: 'assistant', text: 'The eval in app.js.' });
		await view.page.waitForSelector('text=The eval in app.js.');
		const state = (await view.page.evaluate(() => (window as unknown as { __state: { entries: unknown[] } }).__state)) as { entries: unknown[] };
		assert.equal(state.entries.length, 2);
	});

	it('blocks a script without the nonce', async () => {
		await view.page.evaluate(() => {
			const s = document.createElement('script');
			s.textContent = 'window.__injected = 1';
			document.body.append(s);
		});
		assert.equal(await view.page.evaluate(() => (window as unknown as { __injected?: number }).__injected), undefined);
		assert.ok(view.cspViolations.some((v) => v.startsWith('script-src')));
		mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
		await view.page.screenshot({ path: join(repoRoot, 'test-results', 'chat-webview.png') });
	});
});
