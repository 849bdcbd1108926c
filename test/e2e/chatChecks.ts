/**
 * UI checks (h) of the chat (issue 10, acceptance 3) in code-server, driving the chat webview with
 * playwright: a scripted model (the real OpenAI SDK in the extension, through an openai-compatible
 * profile, against the local wire-format server) answers a question with an edit; the approval
 * card in the webview approves it; after a window reload the conversation and the approval's
 * state are back; a second window on the same folder shows the same history, and a rename made
 * there is what the first window's history list shows. Screenshots go to `outDir` (20-*.png).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startLlmServer } from '../support/llmServer/server';
import { check, type CheckResult, extensionId } from './uiChecks';

const demoFile = 'chat-demo.js';
const before = "function greet(name) {\n\treturn '<p>hello ' + name + '</p>';\n}\nmodule.exports = { greet };\n";
const oldText = "\treturn '<p>hello ' + name + '</p>';";
const newText = "\treturn '<p>hello ' + escapeHtml(name) + '</p>';";
const question = 'Escape the name in chat-demo.js';
const answer = 'Done: greet now escapes the name before it reaches the HTML.';
const renamed = 'Escaping greet in chat-demo';

const call = (id: string, name: string, args: unknown) => ({ id, name, arguments: JSON.stringify(args) });

/** Sets user settings for the run and returns a function that puts the file back as it was. */
function withUserSettings(settingsFile: string, settings: Record<string, unknown>): () => void {
	const original = readFileSync(settingsFile, 'utf8');
	writeFileSync(settingsFile, JSON.stringify({ ...(JSON.parse(original) as Record<string, unknown>), ...settings }, null, 2));
	return () => writeFileSync(settingsFile, original);
}

/**
 * The chat view's webview (`purpose=webviewView` tells it from the trace canvas panel, which the
 * workbench may restore in the same window), then its active frame.
 */
function chatFrame(page: Page): FrameLocator {
	return page.frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"][src*="purpose=webviewView"]`).frameLocator('#active-frame');
}

const rampartIcon = (page: Page) => page.locator('.activitybar .action-item a[aria-label^="Rampart"], .activitybar .action-item[aria-label^="Rampart"]').first();

/**
 * Waits for the workbench, then opens the Rampart view unless the workbench restored it (after a
 * reload it usually does; clicking the icon then would close it), and waits for the chat bundle.
 */
async function openChat(page: Page): Promise<FrameLocator> {
	await rampartIcon(page).waitFor({ state: 'visible', timeout: 60_000 });
	const frame = chatFrame(page);
	const ready = frame.locator('#history-toggle');
	if (!(await ready.waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
		await rampartIcon(page).click();
		await ready.waitFor({ timeout: 30_000 });
	}
	return frame;
}

async function openWorkbench(page: Page, url: string, workspace: string): Promise<FrameLocator> {
	await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
	return openChat(page);
}

/** The restored transcript: user question, approved card, answer — from the store, not memory. */
async function expectConversation(frame: FrameLocator): Promise<string> {
	// The webview may first paint its own saved state; the id is set only by the host's message.
	await frame.locator('#chat-log[data-conversation-id^="c-"]').waitFor({ state: 'attached', timeout: 30_000 });
	await frame.locator('.entry.user', { hasText: question }).waitFor({ timeout: 30_000 });
	await frame.locator('.entry.approval.approved', { hasText: demoFile }).waitFor({ timeout: 10_000 });
	await frame.locator('.entry.assistant', { hasText: answer }).waitFor({ timeout: 10_000 });
	return (await frame.locator('#chat-log').getAttribute('data-conversation-id')) ?? '';
}

/**
 * Runs check (h). `settingsFile` is code-server's user settings file (`<root>/user-data/User/
 * settings.json`); it is restored afterwards. Opens its own pages in a new browser context.
 */
export async function runChatChecks(browser: Browser, url: string, workspace: string, settingsFile: string, outDir: string, results: CheckResult[]): Promise<void> {
	writeFileSync(join(workspace, demoFile), before);
	const server = await startLlmServer({
		script: [
			{ expect: { lastUserContains: question }, reply: { text: 'I will escape it.', toolCalls: [call('call_edit', 'edit_file', { path: demoFile, old_text: oldText, new_text: newText })] } },
			{ reply: { text: answer, chunkSize: 8 } },
		],
	});
	const restore = withUserSettings(settingsFile, {
		'rampart.providers': [{ id: 'e2e-chat', kind: 'openai-compatible', model: 'scripted-model', baseUrl: server.openAiBaseUrl }],
		'rampart.llm.activeProfile': 'e2e-chat',
		'rampart.agent.approval': 'ask',
	});
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	const page = await context.newPage();
	const shot = (p: Page, file: string) => ({ page: p, path: join(outDir, file) });
	let conversationId = '';
	try {
		let frame: FrameLocator | undefined;
		const asked = await check(results, '(h1) chat: a question gets an approval card for the edit', async () => {
			frame = await openWorkbench(page, url, workspace);
			await frame.locator('vscode-textarea textarea').fill(question);
			await frame.locator('form.composer vscode-button', { hasText: 'Send' }).click();
			const card = frame.locator('.entry.approval.pending', { hasText: demoFile });
			await card.waitFor({ timeout: 60_000 });
			if (readFileSync(join(workspace, demoFile), 'utf8') !== before) {
				throw new Error('the file changed before the approval');
			}
			return (await card.locator('pre.diff').innerText()).split('\n').filter((l) => /^[+-]\t/.test(l)).join('\n');
		}, shot(page, '20-chat-approval-card.png'));
		if (!asked || !frame) {
			return;
		}
		const chat = frame;

		const approved = await check(results, '(h2) chat: Approve on the card writes the file and the answer streams in', async () => {
			await chat.locator('.entry.approval.pending vscode-button.approve').click();
			await chat.locator('.entry.assistant', { hasText: answer }).waitFor({ timeout: 60_000 });
			await chat.locator('.entry.approval.approved').waitFor({ timeout: 10_000 });
			const text = readFileSync(join(workspace, demoFile), 'utf8');
			if (!text.includes(newText)) {
				throw new Error(`the approved edit is not on disk:\n${text}`);
			}
			if (server.failures.length > 0) {
				throw new Error(`the model server refused a request: ${server.failures.join('; ')}`);
			}
			return `${server.requests.length} model requests; ${demoFile} edited`;
		}, shot(page, '21-chat-approved.png'));
		if (!approved) {
			return;
		}

		await check(results, '(h3) chat: after "Reload Window" the conversation and its approved card are back', async () => {
			await page.reload();
			conversationId = await expectConversation(await openChat(page));
			if (!/^c-/.test(conversationId)) {
				throw new Error(`the view shows no stored conversation (id "${conversationId}")`);
			}
			return `conversation ${conversationId}`;
		}, shot(page, '22-chat-after-reload.png'));

		const second = await context.newPage();
		await check(results, '(h4) chat: a second window on the same folder has the same history; its rename shows in the first', async () => {
			const other = await openWorkbench(second, url, workspace);
			const shown = await expectConversation(other);
			if (shown !== conversationId) {
				throw new Error(`the second window shows ${shown}, the first ${conversationId}`);
			}
			await other.locator('#history-toggle').click();
			const row = other.locator(`li.conversation[data-conversation-id="${conversationId}"]`);
			await row.locator('.open-conversation', { hasText: question }).waitFor({ timeout: 15_000 });
			await row.locator('vscode-button.rename').click();
			const field = row.locator('vscode-textfield.rename-input input');
			await field.fill(renamed);
			await field.press('Enter');
			await other.locator(`li.conversation[data-conversation-id="${conversationId}"] .open-conversation`, { hasText: renamed }).waitFor({ timeout: 15_000 });
			await second.screenshot({ path: join(outDir, '23-chat-second-window.png') });

			await page.bringToFront();
			const first = chatFrame(page);
			await first.locator('#history-toggle').click();
			await first.locator(`li.conversation[data-conversation-id="${conversationId}"].current .open-conversation`, { hasText: renamed }).waitFor({ timeout: 15_000 });
			return `both windows list ${conversationId} as "${renamed}"; second window: ${join(outDir, '23-chat-second-window.png')}`;
		}, shot(page, '24-chat-history-first-window.png'));
		await second.close();
	} finally {
		await context.close().catch(() => undefined);
		restore();
		await server.close();
	}
}
