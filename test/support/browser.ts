import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (`node test/tools/provision.mjs chromium` installs it). */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Flags for a quiet headless Chromium on a machine whose network is closed: without the
 * background-networking ones Chromium keeps opening connections that are refused.
 */
export const chromiumArgs: readonly string[] = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface LaunchedChromium {
	readonly browser: Browser;
	/** Temporary folder holding the browser's XDG config, cache and data dirs. */
	readonly tempDir: string;
	/** Closes the browser and removes its temporary folders. Safe to call twice. */
	close(): Promise<void>;
}

export interface LaunchOptions {
	/** Extra command-line flags. */
	readonly args?: readonly string[];
	readonly timeoutMs?: number;
}

/**
 * Launches Debian's chromium headless through playwright-core. Playwright gives every launch a
 * fresh, empty user-data-dir of its own (deleted on close); the XDG dirs live in `tempDir`.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
	if (!existsSync(chromiumPath)) {
		throw new Error(
			`${chromiumPath} not found: install the Debian package "chromium" (and "fonts-liberation"), ` +
				'e.g. as root: node test/tools/provision.mjs chromium',
		);
	}
	const tempDir = mkdtempSync(join(tmpdir(), 'rampart-chromium-'));
	const xdg = { XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_DATA_HOME: 'data' };
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined) {
			env[key] = value;
		}
	}
	for (const [key, sub] of Object.entries(xdg)) {
		env[key] = join(tempDir, sub);
		mkdirSync(env[key], { recursive: true });
	}
	let browser: Browser;
	try {
		browser = await chromium.launch({
			executablePath: chromiumPath,
			headless: true,
			args: [...chromiumArgs, ...(options.args ?? [])],
			env,
			timeout: options.timeoutMs ?? 30_000,
		});
	} catch (error) {
		rmSync(tempDir, { recursive: true, force: true });
		throw error;
	}
	let closed = false;
	return {
		browser,
		tempDir,
		async close() {
			if (closed) {
				return;
			}
			closed = true;
			try {
				await browser.close();
			} finally {
				rmSync(tempDir, { recursive: true, force: true });
			}
		},
	};
}
