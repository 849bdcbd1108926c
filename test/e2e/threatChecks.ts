/**
 * UI check (g): threat-model diagnostics in code-server. `prepareThreatWorkspace` (run on the
 * harness's temporary copy before code-server starts) adds src/threat-demo.js and a stored threat
 * model whose T-1 asks for parameterised queries in `POST /login`. `runThreatChecks` then checks:
 * the Problems panel lists the missing protection; hovering the handler shows the trace breadcrumb;
 * "Show trace to stakeholder requirements" opens the trace canvas (or, before the canvas lands,
 * whatever `rampart.openTraceCanvas` opens, and the detail says so); replacing the spliced query
 * with a parameterised one in the editor clears the diagnostic. Screenshots go to `outDir`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { AnalysisStore, type StpaGraph, type ThreatModel } from '../../src/core/store';
import { check, type CheckResult } from './uiChecks';

const fixtures = resolve(__dirname, '..', 'fixtures', 'threats');
export const threatFile = 'threat-demo.js';
export const threatCode = 'rampart.threat.sql-parameterised';
const unsafeQuery = "db.query(`SELECT * FROM users WHERE email = '${req.body.email}'`)";
const safeLine = "  const rows = await db.query('SELECT * FROM users WHERE email = $1', [req.body.email]);";
const showTraceTitle = 'Show trace to stakeholder requirements';

/** Writes the demo source and its stored model into `workspace` (a temporary copy, never the repo). */
export async function prepareThreatWorkspace(workspace: string): Promise<void> {
	mkdirSync(join(workspace, 'src'), { recursive: true });
	writeFileSync(join(workspace, 'src', threatFile), readFileSync(join(fixtures, 'e2e', threatFile), 'utf8'));
	const model = JSON.parse(readFileSync(join(fixtures, 'lsp', 'model.json'), 'utf8').replaceAll('src/login.js', `src/${threatFile}`)) as { threatModel: ThreatModel; stpa: StpaGraph };
	await AnalysisStore.forWorkspace(workspace).write({ threatModel: model.threatModel, stpa: model.stpa }, { author: { kind: 'user', name: 'e2e' }, message: 'threat model for the e2e checks' });
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

async function quickOpen(page: Page, file: string): Promise<void> {
	// A webview (the trace canvas) may hold the keyboard focus; an open tab is clicked instead.
	const open = page.locator('.tabs-container .tab', { hasText: file }).first();
	if ((await open.count()) > 0) {
		await open.click();
		await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ timeout: 15_000 });
		return;
	}
	await page.keyboard.press('Control+P');
	const input = page.locator('.quick-input-widget .quick-input-box input');
	await input.waitFor({ state: 'visible', timeout: 10_000 });
	await input.fill(file);
	await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 10_000 });
	await page.keyboard.press('Enter');
	await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ timeout: 15_000 });
}

async function goTo(page: Page, line: number, column: number): Promise<void> {
	await page.keyboard.press('Control+G');
	const input = page.locator('.quick-input-widget .quick-input-box input');
	await input.waitFor({ state: 'visible', timeout: 10_000 });
	await input.fill(`:${line}:${column}`);
	await page.keyboard.press('Enter');
	await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

async function showProblems(page: Page): Promise<void> {
	const panel = page.locator('.markers-panel');
	if (!(await panel.isVisible())) {
		await page.keyboard.press('Control+Shift+M');
	}
	await panel.waitFor({ state: 'visible', timeout: 10_000 });
}

/** Runs check (g) on a workbench showing a workspace prepared with `prepareThreatWorkspace`. */
export async function runThreatChecks(page: Page, outDir: string, results: CheckResult[]): Promise<void> {
	const shot = (file: string) => ({ page, path: join(outDir, file) });
	const row = page.locator('.markers-panel .monaco-list-row', { hasText: threatCode }).first();
	const listed = await check(results, `(g) Problems panel lists ${threatCode} for ${threatFile}`, async () => {
		await quickOpen(page, threatFile);
		await showProblems(page);
		await row.waitFor({ state: 'visible', timeout: 45_000 });
		return squash(await row.innerText());
	}, shot('09-threat-problem.png'));
	if (!listed) {
		return;
	}

	await check(results, '(g) hovering the handler shows the threat and its trace', async () => {
		await goTo(page, 5, 20);
		await page.keyboard.press('Control+K');
		await page.keyboard.press('Control+I');
		const hover = page.locator('.monaco-hover', { hasText: 'T-1' }).first();
		await hover.waitFor({ state: 'visible', timeout: 15_000 });
		const text = squash(await hover.innerText());
		if (!/T-1 → H-1 → L-1 → SR-1/.test(text)) {
			throw new Error(`the hover has no trace breadcrumb: ${text}`);
		}
		await page.keyboard.press('Escape');
		return text;
	}, shot('10-threat-hover.png'));

	await check(results, `(g) "${showTraceTitle}" opens the trace canvas on T-1`, async () => {
		await goTo(page, 4, 11);
		await page.keyboard.press('Control+.');
		const item = page.locator('.action-widget .monaco-list-row', { hasText: showTraceTitle }).first();
		await item.waitFor({ state: 'visible', timeout: 15_000 });
		await item.click({ force: true });
		const tab = page.locator('.tabs-container .tab.active');
		await page.waitForTimeout(1500);
		const title = squash((await tab.textContent()) ?? '');
		if (/threat-demo\.js/.test(title)) {
			throw new Error('the action opened nothing: the editor tab is still active');
		}
		return `active tab after the action: ${title}${/trace|canvas/i.test(title) ? '' : ' (not the canvas: the canvas has not landed in this build)'}`;
	}, shot('11-threat-trace.png'));

	await check(results, `(g) a parameterised query clears ${threatCode}`, async () => {
		await quickOpen(page, threatFile);
		await goTo(page, 5, 1);
		await page.keyboard.press('Home');
		await page.keyboard.press('Shift+End');
		await page.keyboard.type(safeLine.trimStart());
		await showProblems(page);
		const deadline = Date.now() + 20_000;
		while ((await page.locator('.markers-panel .monaco-list-row', { hasText: threatCode }).count()) > 0) {
			if (Date.now() > deadline) {
				throw new Error(`${threatCode} is still listed after replacing ${unsafeQuery}`);
			}
			await page.waitForTimeout(200);
		}
		return 'cleared';
	}, shot('12-threat-fixed.png'));
}
