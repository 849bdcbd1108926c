// Runs the LLM test server's command line in its own process, as a developer would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/fixtureCorpus';
import type { RecordedRequest } from '../../support/llmServer/server';

export interface CliServer {
	child: ChildProcess;
	url: string;
	recordFile: string;
	dir: string;
}

export async function startCliServer(script: string, extraArgs: string[] = []): Promise<CliServer> {
	const dir = mkdtempSync(join(tmpdir(), 'rampart-llm-cli-'));
	const recordFile = join(dir, 'requests.json');
	const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'llmServer', 'cli.ts'), '--script', join(repoRoot, 'test', 'fixtures', 'llm', script), '--port', '0', '--record', recordFile, ...extraArgs], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		let err = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
			if (match) {
				resolve(match[1]);
			}
		});
		child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.once('exit', (code) => reject(new Error(`test server exited early (${code}): ${err}`)));
	});
	return { child, url, recordFile, dir };
}

/** Stops the server (SIGTERM) and returns what it recorded, plus the record file's raw text. */
export async function stopCliServer(server: CliServer): Promise<{ requests: RecordedRequest[]; failures: string[]; exitCode: number | null; text: string }> {
	const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
	server.child.kill('SIGTERM');
	const exitCode = await exited;
	const text = readFileSync(server.recordFile, 'utf8');
	const record = JSON.parse(text) as { requests: RecordedRequest[]; failures: string[] };
	rmSync(server.dir, { recursive: true, force: true });
	return { ...record, exitCode, text };
}
