import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { repoRoot } from './fixtureCorpus';

export interface Diagnostic {
	range: { start: { line: number; character: number }; end: { line: number; character: number } };
	severity?: number;
	code?: string | number;
	source?: string;
	message: string;
	data?: unknown;
	relatedInformation?: Array<{ location: { uri: string }; message: string }>;
}

/**
 * Spawns the bundled language server (dist/server.js --stdio) and speaks LSP to it with
 * vscode-jsonrpc, as an editor would. Diagnostics are collected per URI and can be awaited.
 */
export class LspTestClient {
	readonly connection: MessageConnection;
	private readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
	private readonly waiters: Array<() => void> = [];
	private readonly stderr: string[] = [];
	private version = new Map<string, number>();

	private constructor(private readonly child: ChildProcess) {
		if (!child.stdout || !child.stdin) {
			throw new Error('language server has no stdio');
		}
		child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
		this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
		this.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
			this.diagnostics.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
			for (const wake of this.waiters.splice(0)) {
				wake();
			}
		});
		this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
		this.connection.onRequest('client/registerCapability', () => null);
		this.connection.onRequest('window/workDoneProgress/create', () => null);
		this.connection.onNotification('$/progress', (p: { value: { kind: string; message?: string } }) => {
			this.progress.push(p.value.kind);
		});
		this.connection.listen();
	}

	settings: unknown = {};
	readonly progress: string[] = [];

	static async start(rootPath: string, settings: unknown = {}): Promise<LspTestClient> {
		const child = spawn(process.execPath, [join(repoRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
		const client = new LspTestClient(child);
		client.settings = settings;
		await client.connection.sendRequest('initialize', {
			processId: process.pid,
			rootUri: pathToFileURL(rootPath).toString(),
			workspaceFolders: [{ uri: pathToFileURL(rootPath).toString(), name: 'fixture' }],
			capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true }, textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } },
		});
		await client.connection.sendNotification('initialized', {});
		return client;
	}

	open(path: string, languageId: string, text: string): string {
		const uri = pathToFileURL(path).toString();
		this.version.set(uri, 1);
		void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
		return uri;
	}

	change(uri: string, changes: unknown[]): number {
		const version = (this.version.get(uri) ?? 1) + 1;
		this.version.set(uri, version);
		void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
		return version;
	}

	close(uri: string): void {
		void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
	}

	/** Resolves with the diagnostics of `uri` once `accept` holds for them (or rejects on timeout). */
	async waitForDiagnostics(uri: string, accept: (d: Diagnostic[], version?: number) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const current = this.diagnostics.get(uri);
			if (current && accept(current.diagnostics, current.version)) {
				return current.diagnostics;
			}
			const left = deadline - Date.now();
			if (left <= 0) {
				throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(current)}; stderr: ${this.stderr.join('')}`);
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, left);
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	lastDiagnostics(uri: string): Diagnostic[] | undefined {
		return this.diagnostics.get(uri)?.diagnostics;
	}

	async stop(): Promise<void> {
		try {
			await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
			void this.connection.sendNotification('exit');
		} finally {
			this.connection.dispose();
			setTimeout(() => this.child.kill(), 500).unref();
		}
	}
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyTextEdits(text: string, edits: Array<{ range: Diagnostic['range']; newText: string }>): string {
	const lineStarts = [0];
	for (let i = 0; i < text.length; i++) {
		if (text[i] === '\n') {
			lineStarts.push(i + 1);
		}
	}
	const offset = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
	const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
	let out = text;
	for (const e of sorted) {
		out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
	}
	return out;
}
