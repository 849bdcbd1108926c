import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildWebviewHtml } from '../../src/core/webview/webviewShell';
import { type LaunchedChromium, launchChromium } from '../support/browser';
import { repoRoot } from '../support/fixtureCorpus';

/**
 * Opens a webview bundle (dist/webview/<bundle>.js) in headless Chromium inside the same HTML
 * shell and CSP the extension uses, with `acquireVsCodeApi` provided by the page: messages the
 * webview posts land in `window.__sent`, state in `window.__state`.
 */
export class WebviewPage {
	private constructor(
		readonly page: Page,
		private readonly chromium: LaunchedChromium,
		private readonly server: Server,
		readonly cspViolations: string[],
		readonly errors: string[],
	) {}

	static async open(bundle: 'chat' | 'canvas', initialState?: unknown): Promise<WebviewPage> {
		const nonce = randomBytes(16).toString('base64url');
		const server = createServer((req, res) => {
			const scripts = [`/${bundle}.js`, ...(bundle === 'canvas' ? ['/canvasLayoutWorker.js'] : [])];
			if (scripts.includes(req.url ?? '')) {
				res.writeHead(200, { 'content-type': 'text/javascript' });
				res.end(readFileSync(join(repoRoot, 'dist', 'webview', (req.url ?? '').slice(1))));
				return;
			}
			const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const workerUri = bundle === 'canvas' ? `${origin}/canvasLayoutWorker.js` : undefined;
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end(buildWebviewHtml({ cspSource: origin, scriptUri: `${origin}/${bundle}.js`, nonce, title: bundle, workerUri }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const chromium = await launchChromium();
		const page = await chromium.browser.newPage();
		const cspViolations: string[] = [];
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		page.on('console', (m) => {
			if (m.type() === 'error') {
				errors.push(m.text());
			}
		});
		await page.exposeFunction('__cspViolation', (what: string) => cspViolations.push(what));
		// A string, not a function: the test runner's transpiler would inject helpers the page lacks.
		await page.addInitScript(`
			window.__sent = [];
			window.__state = ${JSON.stringify(initialState ?? null)} ?? undefined;
			document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI));
			window.acquireVsCodeApi = () => ({
				postMessage: (m) => window.__sent.push(m),
				getState: () => window.__state,
				setState: (s) => { window.__state = s; },
			});
		`);
		await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
		return new WebviewPage(page, chromium, server, cspViolations, errors);
	}

	/** Messages the webview has posted to the host so far. */
	sent(): Promise<unknown[]> {
		return this.page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent);
	}

	/** Delivers a host → webview message, as VS Code does. */
	async post(message: unknown): Promise<void> {
		await this.page.evaluate((m) => window.postMessage(m, '*'), message);
	}

	async close(): Promise<void> {
		await this.page.goto('about:blank').catch(() => undefined);
		await this.chromium.close();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
