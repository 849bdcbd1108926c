/**
 * UI check (f): a Rampart quick-fix applied from the lightbulb menu. Opens config.js of the fixture
 * workspace (a computed string passed to eval, reported as eval-audit with the fix "Replace eval
 * with JSON.parse"), puts the cursor on the finding, opens the quick-fix menu with Ctrl+., chooses
 * the Rampart fix, then checks the editor text and that the finding leaves the Problems panel.
 * It must run on the harness's temporary copy of the workspace: code-server auto-saves edits after a
 * delay (its web default), so the fix reaches that copy's file; the check undoes it at the end.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { check, type CheckResult } from './uiChecks';

export const quickFixFile = 'config.js';
export const quickFixRule = 'rampart.js.code-injection.eval-audit';
export const quickFixTitle = 'Rampart: Replace eval with JSON.parse';
const unsafeCall = 'eval(settingsJson)';
const fixedCall = 'JSON.parse(settingsJson)';

/** The fixture folder in the repository, which the check must never run against. */
const repoFixtures = resolve(__dirname, 'workspace');
const repoFile = join(repoFixtures, quickFixFile);

function squash(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** Polls `probe` until it returns a value, or throws `describe()` once `timeoutMs` has passed. */
async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, describe: () => Promise<string>): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) {
			return value;
		}
		if (Date.now() > deadline) {
			throw new Error(await describe());
		}
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** The parts of a Monaco `.view-line` element the check reads (the tests compile without DOM types). */
interface ViewLine {
	readonly style: { readonly top: string };
	readonly textContent: string | null;
}

/** The text of the active editor as Monaco renders it: its view lines sorted by their top offset. */
async function editorText(page: Page): Promise<string> {
	const lines = page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines .view-line');
	return lines.evaluateAll((elements) =>
		(elements as unknown as ViewLine[])
			.map((line) => ({ top: Number.parseFloat(line.style.top) || 0, text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
			.sort((a, b) => a.top - b.top)
			.map((line) => line.text.trimEnd())
			.join('\n'),
	);
}

/** Text lines without trailing blanks and empty last lines, as `editorText` reports them. */
function normalize(text: string): string {
	return text.split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n+$/, '');
}

async function problemRows(page: Page): Promise<string[]> {
	return (await page.locator('.markers-panel .monaco-list-row').allTextContents()).map(squash);
}

/**
 * Makes sure the Problems panel is showing. Ctrl+Shift+M toggles: when the panel is already
 * visible and focused it closes it, so press it only when the panel is hidden.
 */
async function showProblems(page: Page): Promise<void> {
	const panel = page.locator('.markers-panel');
	if (!(await panel.isVisible())) {
		await page.keyboard.press('Control+Shift+M');
	}
	await panel.waitFor({ state: 'visible', timeout: 10_000 });
}

/** Opens a file of the workspace with Quick Open (Ctrl+P). */
async function quickOpen(page: Page, file: string): Promise<void> {
	await page.keyboard.press('Control+P');
	const input = page.locator('.quick-input-widget .quick-input-box input');
	await input.waitFor({ state: 'visible', timeout: 10_000 });
	await input.fill(file);
	await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 10_000 });
	await page.keyboard.press('Enter');
	await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ timeout: 15_000 });
}

/**
 * Runs check (f) on `page`, a workbench already showing `workspace` (the harness's temporary copy
 * of test/e2e/workspace). Appends its results to `results`; screenshots go to `outDir`.
 */
export async function runQuickFixChecks(page: Page, workspace: string, outDir: string, results: CheckResult[]): Promise<void> {
	const shot = (file: string) => ({ page, path: join(outDir, file) });
	const diskFile = join(workspace, quickFixFile);
	let original = '';
	let findingLine = 0;
	let findingColumn = 0;
	const row = page.locator('.markers-panel .monaco-list-row', { hasText: quickFixRule }).first();

	const found = await check(results, `(f) Problems panel lists ${quickFixRule} for ${quickFixFile}`, async () => {
		if (resolve(workspace) === repoFixtures) {
			throw new Error(`refusing to edit the repository's fixtures (${workspace}); pass a temporary copy`);
		}
		original = readFileSync(diskFile, 'utf8');
		const lineIndex = original.split('\n').findIndex((l) => l.includes(unsafeCall));
		if (lineIndex < 0) {
			throw new Error(`${quickFixFile} has no ${unsafeCall}`);
		}
		findingLine = lineIndex + 1;
		findingColumn = original.split('\n')[lineIndex].indexOf(unsafeCall) + 1;
		await quickOpen(page, quickFixFile);
		await showProblems(page);
		await row.waitFor({ state: 'visible', timeout: 45_000 }).catch(async () => {
			const rows = await problemRows(page);
			throw new Error(`no Problems row mentions ${quickFixRule}; rows: ${rows.join(' | ') || 'none'}`);
		});
		const text = squash(await row.innerText());
		if (!text.includes(`[Ln ${findingLine}, Col ${findingColumn}]`)) {
			throw new Error(`expected the finding at Ln ${findingLine}, Col ${findingColumn}: ${text}`);
		}
		return text;
	}, shot('06-quickfix-problem.png'));
	if (!found) {
		return;
	}

	const menuRow = page.locator('.action-widget .monaco-list-row', { hasText: quickFixTitle }).first();
	const menuOpen = await check(results, `(f) Ctrl+. on the finding offers "${quickFixTitle}"`, async () => {
		// Go to Line/Column puts the cursor on the finding and focuses the editor.
		await page.keyboard.press('Control+G');
		const input = page.locator('.quick-input-widget .quick-input-box input');
		await input.waitFor({ state: 'visible', timeout: 10_000 });
		await input.fill(`:${findingLine}:${findingColumn}`);
		await page.keyboard.press('Enter');
		await input.waitFor({ state: 'hidden', timeout: 10_000 });
		// The lightbulb (the "autofix" one for a preferred fix) shows once code actions are known.
		const bulb = page.locator('.part.editor [class*="codicon-lightbulb"]').first();
		const bulbShown = await bulb.waitFor({ state: 'visible', timeout: 10_000 }).then(
			() => true,
			() => false,
		);
		await page.keyboard.press('Control+.');
		await menuRow.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
			const items = (await page.locator('.action-widget .monaco-list-row').allTextContents()).map(squash);
			throw new Error(`the quick-fix menu has no "${quickFixTitle}"; items: ${items.join(' | ') || 'none (menu not open)'}`);
		});
		const items = (await page.locator('.action-widget .monaco-list-row').allTextContents()).map(squash).filter((t) => t !== '');
		const bulbClass = bulbShown ? ((await bulb.getAttribute('class')) ?? '') : '';
		const icon = /codicon-lightbulb[\w-]*/.exec(bulbClass)?.[0];
		return `menu: ${items.join(' | ')}\nlightbulb: ${bulbShown ? `shown (${icon ?? 'lightbulb'})` : 'not seen'}`;
	}, shot('07-quickfix-menu.png'));
	if (!menuOpen) {
		await page.keyboard.press('Escape');
		return;
	}

	const expected = normalize(original.replace(unsafeCall, fixedCall));
	const applied = await check(results, `(f) choosing it rewrites ${unsafeCall} to ${fixedCall}`, async () => {
		// The preferred fix comes focused: Enter applies it (a click races the menu's hover styling).
		const focused = squash((await page.locator('.action-widget .monaco-list-row.focused').first().textContent()) ?? '');
		if (focused.includes(quickFixTitle)) {
			await page.keyboard.press('Enter');
		} else {
			await menuRow.click({ force: true });
		}
		await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
		let last = '';
		await until(
			async () => {
				last = normalize(await editorText(page));
				return last === expected ? true : undefined;
			},
			10_000,
			async () => `the editor text is not the fixed text:\n${last}`,
		);
		// code-server auto-saves after a delay (the web default), which only touches the temporary copy.
		if (!readFileSync(repoFile, 'utf8').includes(unsafeCall)) {
			throw new Error(`the repository's ${repoFile} lost its ${unsafeCall}: the check must run on a copy`);
		}
		return `line ${findingLine}: ${expected.split('\n')[findingLine - 1].trim()}`;
	});

	await check(results, `(f) ${quickFixRule} leaves the Problems panel after the fix`, async () => {
		if (!applied) {
			throw new Error('the fix was not applied');
		}
		await showProblems(page);
		// The panel must still list the other fixture findings, so an empty list is not a closed panel.
		await page.locator('.markers-panel .monaco-list-row', { hasText: 'rampart.' }).first().waitFor({ state: 'visible', timeout: 10_000 });
		await until(
			async () => ((await page.locator('.markers-panel .monaco-list-row', { hasText: quickFixRule }).count()) === 0 ? true : undefined),
			20_000,
			async () => `still listed: ${(await problemRows(page)).filter((r) => r.includes(quickFixRule)).join(' | ')}`,
		);
		// Put the focus back in the editor so the screenshot shows the fixed line with the cursor.
		await page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
		await page.keyboard.press('Control+G');
		const goTo = page.locator('.quick-input-widget .quick-input-box input');
		await goTo.waitFor({ state: 'visible', timeout: 10_000 });
		await goTo.fill(`:${findingLine}`);
		await page.keyboard.press('Enter');
		const left = new Set((await problemRows(page)).flatMap((r) => r.match(/rampart\.(?:js|py|ts)\.[\w.-]+/g) ?? []));
		return `findings still listed: ${[...left].sort().join(', ') || 'none'}`;
	}, shot('08-quickfix-applied.png'));

	// Undo the edit so the buffer (and, after auto-save, the temporary copy) is back as it was.
	if (applied) {
		try {
			await page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
			await page.keyboard.press('Control+Z');
			await until(
				async () => (normalize(await editorText(page)) === normalize(original) ? true : undefined),
				5_000,
				async () => 'undo did not restore the original text',
			);
		} catch {
			// Best effort: the copy is temporary and the checks are done.
		}
	}
}
