import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildWebviewHtml } from '../../src/core/webview/webviewShell';
import { type LaunchedChromium, launchChromium } from '../support/browser';
import { ensureBuilt } from '../support/ensureBuilt';
import { repoRoot } from '../support/fixtureCorpus';
import { shopfront } from './canvasHost';

/**
 * As in VS Code, the page and the extension's resources have different origins (here 127.0.0.1
 * and localhost): a worker cannot start from the resource URL directly, so the canvas fetches
 * the same script and starts it as a blob, which the CSP allows; nothing else may be a worker.
 */
describe('trace canvas: the layout worker when resources come from another origin', function () {
	this.timeout(60_000);
	let server: Server;
	let chromium: LaunchedChromium;

	before(async () => {
		ensureBuilt();
		const nonce = randomBytes(16).toString('base64url');
		server = createServer((req, res) => {
			const port = (server.address() as AddressInfo).port;
			const resources = `http://localhost:${port}`;
			if (req.url === '/canvas.js' || req.url === '/canvasLayoutWorker.js') {
				res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
				res.end(readFileSync(join(repoRoot, 'dist', 'webview', req.url.slice(1))));
				return;
			}
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end(buildWebviewHtml({ cspSource: resources, scriptUri: `${resources}/canvas.js`, workerUri: `${resources}/canvasLayoutWorker.js`, nonce, title: 'canvas' }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		chromium = await launchChromium();
	});

	after(async () => {
		await chromium?.close();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it('lays out with elkjs in a worker, and the CSP refuses any other worker', async () => {
		const page = await chromium.browser.newPage();
		const violations: string[] = [];
		await page.exposeFunction('__cspViolation', (what: string) => violations.push(what));
		await page.addInitScript(`
			window.__sent = [];
			document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI));
			window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(m), getState: () => undefined, setState: () => {} });
		`);
		await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
		await page.waitForFunction(() => (window as unknown as { __sent: unknown[] }).__sent.length > 0);
		const graph = shopfront();
		await page.evaluate((m) => window.postMessage(m, '*'), { type: 'model', graph, head: null, versions: [], problems: [] });
		await page.waitForFunction(() => Number(document.body.dataset.rendered ?? '0') > 0);
		assert.match((await page.textContent('#status')) ?? '', /layout: elkjs \(worker\)/);
		assert.deepEqual(violations, []);
		const refused = await page.evaluate(
			() =>
				new Promise<string>((resolve) => {
					document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
					try {
						new Worker('data:text/javascript,postMessage(1)');
					} catch (e) {
						resolve(String(e));
					}
				}),
		);
		assert.match(refused, /worker-src|SecurityError/);
		await page.close();
	});
});
