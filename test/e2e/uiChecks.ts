/** The UI half of the end-to-end run: drives code-server's workbench and screenshots each step. */
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';

export interface CheckResult {
	readonly name: string;
	readonly passed: boolean;
	readonly durationMs: number;
	readonly detail?: string;
	readonly screenshot?: string;
}

export const extensionId = 'rampart.rampart';
export const evalRule = 'rampart.js.code-injection.eval';

/** Runs one named check; a thrown error fails it. Always screenshots when asked to. */
export async function check(
	results: CheckResult[],
	name: string,
	body: () => Promise<string | void>,
	shot?: { page: Page; path: string },
): Promise<boolean> {
	const started = Date.now();
	let passed = true;
	let detail: string | undefined;
	try {
		detail = (await body()) ?? undefined;
	} catch (error) {
		passed = false;
		detail = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : String(error);
	}
	let screenshot: string | undefined;
	if (shot) {
		try {
			await shot.page.screenshot({ path: shot.path });
			screenshot = shot.path;
		} catch (error) {
			detail = `${detail ?? ''} (screenshot failed: ${String(error)})`;
		}
	}
	results.push({ name, passed, durationMs: Date.now() - started, detail, screenshot });
	return passed;
}

function squash(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** The chat webview: the outer iframe VS Code creates for the extension, then its active frame. */
export function chatFrame(page: Page): FrameLocator {
	// Only the sidebar view's iframe carries purpose=webviewView (a restored canvas panel is another webview).
	return page.frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"][src*="purpose=webviewView"]`).frameLocator('#active-frame');
}

/** Opens the command palette with F1 and runs the command whose label is `label`. */
async function runFromPalette(page: Page, label: string, screenshotPath: string): Promise<void> {
	await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
	await page.keyboard.press('F1');
	const input = page.locator('.quick-input-widget .quick-input-box input');
	await input.waitFor({ state: 'visible', timeout: 10_000 });
	await input.fill(`>${label}`);
	const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
	await row.waitFor({ state: 'visible', timeout: 10_000 });
	await page.screenshot({ path: screenshotPath });
	await page.keyboard.press('Enter');
}

/** More checks to run on the same page after (d), e.g. the quick-fix check (f) of quickFixCheck.ts. */
export type MoreUiChecks = (page: Page, results: CheckResult[]) => Promise<void>;

/** Workbench UI checks (a)–(d) against the server at `url` with `workspace` open, then `more`. */
export async function runUiChecks(browser: Browser, url: string, workspace: string, outDir: string, more?: MoreUiChecks): Promise<CheckResult[]> {
	const results: CheckResult[] = [];
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	const page = await context.newPage();
	const shot = (file: string) => ({ page, path: join(outDir, file) });
	try {
		const opened = await check(results, 'workbench opens the fixture workspace', async () => {
			await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
			await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'app.js' }).waitFor({ timeout: 60_000 });
		}, shot('00-workbench.png'));
		if (!opened) {
			return results;
		}

		const icon = page.locator('.activitybar .action-item a[aria-label^="Rampart"], .activitybar .action-item[aria-label^="Rampart"]').first();
		await check(results, '(a) Rampart icon in the activity bar', async () => {
			await icon.waitFor({ state: 'visible', timeout: 30_000 });
			await icon.hover();
			await page.locator('.monaco-hover, .workbench-hover', { hasText: 'Rampart' }).first().waitFor({ timeout: 5_000 }).catch(() => undefined);
			return `aria-label "${(await icon.getAttribute('aria-label')) ?? ''}"`;
		}, shot('01-activity-bar.png'));

		await check(results, '(b) clicking it shows the chat webview with "Security findings"', async () => {
			await icon.click();
			await chatFrame(page).getByText('Security findings').waitFor({ state: 'visible', timeout: 30_000 });
			return squash(await chatFrame(page).locator('#finding-counts').innerText({ timeout: 5_000 }));
		}, shot('02-chat-view.png'));

		await check(results, '(c) "Rampart: Scan Workspace" from the command palette', async () => {
			await runFromPalette(page, 'Rampart: Scan Workspace', join(outDir, '03-command-palette.png'));
			const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /Rampart: (Scanned|workspace scan failed)/ }).first();
			await toast.waitFor({ state: 'visible', timeout: 60_000 });
			// Let the fade-in finish so the screenshot shows the toast.
			await page.locator('.notification-toast.notification-fade-in-done').first().waitFor({ timeout: 3_000 }).catch(() => undefined);
			const text = squash(await toast.locator('.notification-list-item-message').innerText());
			if (!text.includes('Rampart: Scanned')) {
				throw new Error(`the command ran but reported: ${text}`);
			}
			return `${text}\npalette screenshot: ${join(outDir, '03-command-palette.png')}`;
		}, shot('04-scan-result.png'));

		await check(results, `(d) Problems panel lists ${evalRule} for app.js`, async () => {
			await page.keyboard.press('Control+P');
			const input = page.locator('.quick-input-widget .quick-input-box input');
			await input.waitFor({ state: 'visible', timeout: 10_000 });
			await input.fill('app.js');
			await page.locator('.quick-input-list .monaco-list-row', { hasText: 'app.js' }).first().waitFor({ timeout: 10_000 });
			await page.keyboard.press('Enter');
			await page.locator('.tabs-container .tab', { hasText: 'app.js' }).waitFor({ timeout: 15_000 });
			await page.keyboard.press('Control+Shift+M');
			// The whole code, not a prefix: `…eval-audit` rows must not satisfy this check.
			const row = page.locator('.markers-panel .monaco-list-row', { hasText: new RegExp(`${evalRule.replace(/\./g, '\\.')}(?![\\w-])`) }).first();
			try {
				await row.waitFor({ state: 'visible', timeout: 45_000 });
			} catch {
				const rows = await page.locator('.markers-panel .monaco-list-row').allTextContents();
				throw new Error(`no Problems row mentions ${evalRule}; rows: ${rows.length > 0 ? rows.join(' | ') : 'none'}`);
			}
			return squash(await row.innerText());
		}, shot('05-problems.png'));

		await more?.(page, results);
	} finally {
		await page.goto('about:blank').catch(() => undefined);
		await context.close();
	}
	return results;
}
