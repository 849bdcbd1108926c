/**
 * Entry point the extension host loads through `extensionTestsPath` (bundled to CJS by runE2E.ts):
 * runs every `*.test.js` next to it with mocha, prints one line per test (forwarded to the page's
 * `codeAutomationLog`) and writes `results.json` beside itself for the runner.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface HostTestResult {
	readonly title: string;
	readonly passed: boolean;
	readonly durationMs: number;
	readonly error?: string;
}

export function run(): Promise<void> {
	const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: Mocha.reporters.Base });
	for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
		mocha.addFile(join(__dirname, file));
	}
	const results: HostTestResult[] = [];
	return new Promise((resolve, reject) => {
		try {
			const runner = mocha.run((failures) => {
				writeFileSync(join(__dirname, 'results.json'), JSON.stringify(results, null, 2));
				console.log(`E2E-HOST done: ${results.filter((r) => r.passed).length} passed, ${failures} failed`);
				if (failures > 0) {
					reject(new Error(`${failures} in-host test(s) failed`));
				} else {
					resolve();
				}
			});
			runner.on('pass', (test) => {
				results.push({ title: test.fullTitle(), passed: true, durationMs: test.duration ?? 0 });
				console.log(`E2E-HOST pass ${test.fullTitle()}`);
			});
			runner.on('fail', (test, error: unknown) => {
				const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
				results.push({ title: test.fullTitle(), passed: false, durationMs: test.duration ?? 0, error: message });
				console.log(`E2E-HOST fail ${test.fullTitle()}: ${message}`);
			});
		} catch (error) {
			writeFileSync(join(__dirname, 'results.json'), JSON.stringify([{ title: 'load in-host tests', passed: false, durationMs: 0, error: String(error) }]));
			reject(error instanceof Error ? error : new Error(String(error)));
		}
	});
}
