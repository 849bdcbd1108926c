// A scripted agent run in its own process, for the crash and two-window tests. Environment:
// RAMPART_TEST_LLM (OpenAI base URL of the test server), RAMPART_TEST_WS (workspace root),
// RAMPART_TEST_RUN (run id), RAMPART_TEST_MODE (`start` or `resume`), RAMPART_TEST_WRITE_LOG (one
// line per file write that reached the disk), RAMPART_TEST_PAUSE_AFTER (start mode: after writing
// this path, create `<log>.paused` and hang, so the parent can kill this process at that point).
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentRun, type AgentOptions } from '../../../src/core/agent/agentLoop';
import { NodeWorkspace } from '../../../src/core/agent/nodeWorkspace';
import { RunLock } from '../../../src/core/agent/runs/runLock';
import { RunRepository } from '../../../src/core/agent/runs/runRepository';
import { defaultTools } from '../../../src/core/agent/tools/registry';
import { OpenAiChatModel } from '../../../src/core/llm/openAiChatModel';
import { toolContext } from './support';

const env = (name: string): string => {
	const value = process.env[name];
	if (!value) {
		throw new Error(`${name} is not set`);
	}
	return value;
};

/** A real folder that logs every completed write and can hang right after one. */
class LoggedWorkspace extends NodeWorkspace {
	constructor(
		root: string,
		private readonly log: string,
		private readonly pauseAfter: string | undefined,
	) {
		super(root);
	}
	override async write(path: string, content: string): Promise<void> {
		await super.write(path, content);
		appendFileSync(this.log, `${path}\n`);
		if (path === this.pauseAfter) {
			writeFileSync(`${this.log}.paused`, String(process.pid));
			// Hang here (a timer keeps the process alive) until the parent kills it.
			await new Promise(() => setInterval(() => undefined, 1000));
		}
	}
}

async function main(): Promise<void> {
	const root = env('RAMPART_TEST_WS');
	const runId = env('RAMPART_TEST_RUN');
	const mode = env('RAMPART_TEST_MODE');
	const repository = RunRepository.forFolder(join(root, '.rampart'));
	const lock = await RunLock.acquire(repository.port, runId, { staleMs: 60_000 });
	try {
		const workspace = new LoggedWorkspace(root, env('RAMPART_TEST_WRITE_LOG'), mode === 'start' ? process.env.RAMPART_TEST_PAUSE_AFTER : undefined);
		const model = new OpenAiChatModel({ profileId: 'test-openai', model: 'gpt-4.1-mini', apiKey: 'sk-test-crash', baseUrl: env('RAMPART_TEST_LLM') });
		const options: AgentOptions = {
			model,
			tools: defaultTools(),
			context: await toolContext(root, { workspace }),
			system: 'You are Rampart, a security-first coding agent.',
			persistence: { repository, runId },
		};
		const outcome = mode === 'start' ? await new AgentRun(options).send('Generate the five modules f1–f5.') : await (await AgentRun.resume({ ...options, persistence: { repository, runId } })).continue();
		process.stdout.write(`${JSON.stringify(outcome)}\n`);
	} finally {
		await lock.release();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
	process.exit(3);
});
