/**
 * In-host half of the activation bench (test/bench/activation.ts): loaded by code-server's extension
 * host through `extensionTestsPath`, in a workspace where nothing activates Rampart early. Times
 * `extension.activate()` (module load + `activate()`), prints `E2E-HOST activation-ms N` (forwarded
 * to the page's `codeAutomationLog`) and writes results.json beside itself in the format of
 * test/e2e/suite, with the figure as the result's `durationMs`, and activation.json with the part of
 * it spent loading the extension's main module (timed by wrapping Node's `Module._load`, through which
 * the extension host requires it; `loadMs` is absent when that hook saw nothing).
 */
import { writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { HostTestResult } from '../../e2e/suite/index';

const extensionId = 'rampart.rampart';
/** Let the host finish its own start-up work (onStartupFinished extensions) before measuring. */
const settleMs = 2_000;

export const activationTitle = 'activation of rampart.rampart';

/** What activation.json holds. */
export interface ActivationTiming {
	readonly totalMs: number;
	readonly loadMs?: number;
}

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };

/** Runs `body` while timing the first `Module._load` of `file` (with or without its extension). */
async function timingLoadOf<T>(file: string, body: () => Promise<T>): Promise<{ value: T; loadMs?: number }> {
	const stem = file.replace(/\.js$/, '');
	const original = moduleInternals._load;
	let loadMs: number | undefined;
	moduleInternals._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
		const target = loadMs === undefined && typeof request === 'string' && resolve(request).replace(/\.js$/, '') === stem;
		const t0 = performance.now();
		try {
			return original.call(this, request, parent, isMain);
		} finally {
			if (target) {
				loadMs = performance.now() - t0;
			}
		}
	};
	try {
		return { value: await body(), loadMs };
	} finally {
		moduleInternals._load = original;
	}
}

async function measure(): Promise<ActivationTiming> {
	const extension = vscode.extensions.getExtension(extensionId);
	if (!extension) {
		throw new Error(`${extensionId} is not installed in the extension host`);
	}
	await new Promise((resolve) => setTimeout(resolve, settleMs));
	if (extension.isActive) {
		throw new Error(`${extensionId} was already active before the measurement: something in the workspace activated it`);
	}
	const main = String((extension.packageJSON as { main?: unknown }).main ?? './dist/extension.js');
	const { value: totalMs, loadMs } = await timingLoadOf(resolve(extension.extensionPath, main), async () => {
		const t0 = performance.now();
		await extension.activate();
		return performance.now() - t0;
	});
	if (!extension.isActive) {
		throw new Error('activate() resolved but the extension is not active');
	}
	console.log(`E2E-HOST activation-ms ${totalMs.toFixed(1)} load-ms ${loadMs?.toFixed(1) ?? '?'}`);
	return { totalMs, loadMs };
}

export async function run(): Promise<void> {
	let result: HostTestResult;
	try {
		const timing = await measure();
		writeFileSync(join(__dirname, 'activation.json'), JSON.stringify(timing));
		result = { title: activationTitle, passed: true, durationMs: timing.totalMs };
	} catch (error) {
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		console.log(`E2E-HOST fail ${activationTitle}: ${message}`);
		result = { title: activationTitle, passed: false, durationMs: 0, error: message };
	}
	writeFileSync(join(__dirname, 'results.json'), JSON.stringify([result], null, 2));
	if (!result.passed) {
		throw new Error(result.error);
	}
}
