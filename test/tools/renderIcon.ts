// Renders media/rampart.svg into the 128×128 marketplace icon media/rampart.png with headless Chromium.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../support/browser';
import { repoRoot } from '../support/fixtureCorpus';

async function main(): Promise<void> {
	const svg = readFileSync(join(repoRoot, 'media', 'rampart.svg'), 'utf8').replace('stroke="currentColor"', 'stroke="#ffffff"');
	const chromium = await launchChromium();
	try {
		const page = await chromium.browser.newPage({ viewport: { width: 128, height: 128 } });
		const html = `<body style="margin:0;width:128px;height:128px;display:grid;place-items:center;background:#1f3a5f;border-radius:24px">${svg.replace('width="24" height="24"', 'width="96" height="96"')}</body>`;
		await page.setContent(html);
		await page.screenshot({ path: join(repoRoot, 'media', 'rampart.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
		await page.goto('about:blank');
	} finally {
		await chromium.close();
	}
}

void main();
