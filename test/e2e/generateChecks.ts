/**
 * UI checks (i) of "Generate Secure Project" (issue 8, acceptance 2) in code-server: on an empty
 * folder, `/generate <intent>` in the chat runs the pipeline with a scripted model (the real OpenAI
 * SDK in the extension, through an openai-compatible profile, against the local wire-format server
 * answering as the scripted Express login project); the chat shows the stage progress and the
 * outcome; after "Rampart: Scan Workspace" the status bar counts no error and no warning.
 * Screenshots go to `outDir` (30-*.png).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startLlmServer } from '../support/llmServer/server';
import * as project from '../fixtures/pipeline/expressLoginProject';
import { scriptedProject } from '../unit/pipeline/scriptedModel';
import { check, type CheckResult, extensionId } from './uiChecks';

function chatFrame(page: Page): FrameLocator {
	return page.frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"][src*="purpose=webviewView"]`).frameLocator('#active-frame');
}

async function runFromPalette(page: Page, label: string): Promise<void> {
	await page.locator('.part.statusbar').click({ position: { x: 5, y: 5 } });
	await page.keyboard.press('F1');
	const input = page.locator('.quick-input-widget .quick-input-box input');
	await input.waitFor({ state: 'visible', timeout: 10_000 });
	await input.fill(`>${label}`);
	await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 10_000 });
	await page.keyboard.press('Enter');
}

/** Errors and warnings as the status bar counts them. */
async function problemCounts(page: Page): Promise<{ errors: number; warnings: number; text: string }> {
	const item = page.locator('.statusbar-item[id="status.problems"]');
	const text = (await item.getAttribute('aria-label', { timeout: 5_000 })) ?? (await item.innerText());
	// "Errors: 1, Warnings: 4, Infos: 1" (a kind with none is left out) or "No Problems".
	const count = (kind: string) => Number(new RegExp(`${kind}s?:\\s*(\\d+)`, 'i').exec(text)?.[1] ?? 0);
	return { errors: count('error'), warnings: count('warning'), text };
}

export async function runGenerateChecks(browser: Browser, url: string, root: string, settingsFile: string, outDir: string, results: CheckResult[]): Promise<void> {
	const folder = join(root, 'generate-workspace');
	mkdirSync(folder, { recursive: true });
	const server = await startLlmServer({ script: scriptedProject().script });
	const original = readFileSync(settingsFile, 'utf8');
	writeFileSync(
		settingsFile,
		JSON.stringify(
			{
				...(JSON.parse(original) as Record<string, unknown>),
				'rampart.providers': [{ id: 'e2e-generate-ui', kind: 'openai-compatible', model: 'scripted-model', baseUrl: server.openAiBaseUrl, structuredOutput: 'json' }],
				'rampart.llm.activeProfile': 'e2e-generate-ui',
			},
			null,
			2,
		),
	);
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	const page = await context.newPage();
	const shot = (file: string) => ({ page, path: join(outDir, file) });
	try {
		const generated = await check(results, '(i) /generate in the chat runs every stage and reports the written files', async () => {
			await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
			const icon = page.locator('.activitybar .action-item a[aria-label^="Rampart"], .activitybar .action-item[aria-label^="Rampart"]').first();
			await icon.waitFor({ state: 'visible', timeout: 60_000 });
			const frame = chatFrame(page);
			if (!(await frame.locator('form.composer').waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
				await icon.click();
				await frame.locator('form.composer').waitFor({ timeout: 30_000 });
			}
			await frame.locator('vscode-textarea textarea').fill(`/generate ${project.prompt}`);
			await frame.locator('form.composer vscode-button', { hasText: 'Send' }).click();
			await frame.locator('#stage', { hasText: /code/ }).waitFor({ timeout: 120_000 });
			const outcome = frame.locator('.entry.assistant', { hasText: /Generated \d+ file/ });
			await outcome.waitFor({ timeout: 180_000 });
			const missing = Object.keys(project.code).filter((p) => !existsSync(join(folder, p)));
			if (missing.length > 0) {
				throw new Error(`not written: ${missing.join(', ')}`);
			}
			if (server.failures.length > 0) {
				throw new Error(`the model server refused a request: ${server.failures.join('; ')}`);
			}
			return `${(await frame.locator('#stage').innerText()).trim()} · ${(await outcome.innerText()).split('\n').find((l) => l.startsWith('Generated')) ?? ''}`;
		}, shot('30-generate-chat.png'));
		if (!generated) {
			return;
		}
		await check(results, '(i) after "Rampart: Scan Workspace" the generated project has no error and no warning', async () => {
			await runFromPalette(page, 'Rampart: Scan Workspace');
			await page.locator('.notifications-toasts', { hasText: /Scanned \d+ files/ }).waitFor({ timeout: 60_000 }).catch(() => undefined);
			await page.keyboard.press('Control+Shift+M');
			await page.waitForTimeout(1500);
			const counts = await problemCounts(page);
			if (counts.errors !== 0 || counts.warnings !== 0) {
				throw new Error(`status bar: ${counts.text}`);
			}
			return `status bar: ${counts.text}`;
		}, shot('31-generate-problems.png'));
	} finally {
		await context.close().catch(() => undefined);
		writeFileSync(settingsFile, original);
		await server.close();
	}
}
