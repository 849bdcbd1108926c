// Command line: serve a conversation script for manual runs of the CLI against a fake provider.
//   node --import tsx test/support/llmServer/cli.ts --script FILE [--port N] [--record FILE] [--key KEY] [--loop]
// Prints the base URLs, serves until SIGINT/SIGTERM, and (with --record) writes every request,
// credential headers removed, to FILE on exit.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadScript } from './script';
import { startLlmServer } from './server';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			script: { type: 'string' },
			port: { type: 'string', default: '0' },
			record: { type: 'string' },
			key: { type: 'string' },
			loop: { type: 'boolean', default: false },
		},
	});
	if (!values.script) {
		process.stderr.write('usage: cli.ts --script FILE [--port N] [--record FILE] [--key KEY] [--loop]\n');
		process.exitCode = 2;
		return;
	}
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`invalid --port ${values.port}`);
	}
	const script = loadScript(values.script);
	const server = await startLlmServer({ script, port, requireKey: values.key, loop: values.loop });
	process.stdout.write(`llm test server "${script.name}" listening on ${server.url}\n  OpenAI base URL:    ${server.openAiBaseUrl}\n  Anthropic base URL: ${server.anthropicBaseUrl}\n`);
	const stop = async () => {
		await server.close();
		if (values.record) {
			writeFileSync(values.record, `${JSON.stringify({ requests: server.redactedRecords(), failures: server.failures }, null, 2)}\n`);
		}
		for (const failure of server.failures) {
			process.stderr.write(`${failure}\n`);
		}
		process.exit(server.failures.length > 0 ? 1 : 0);
	};
	process.once('SIGINT', () => void stop());
	process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
