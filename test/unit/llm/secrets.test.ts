// Acceptance 3: a conversation with a known key, through the factory and all three adapters, with
// SDK debug logging on and faults that make the provider echo the key; then every log line, every
// byte printed, every error and every file written is searched for the key.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderError } from '../../../src/core/llm/errors';
import { createChatModel, parseProviderProfile, type ProviderProfile } from '../../../src/core/llm/providerConfig';
import { formatValue } from '../../../src/core/llm/redact';
import { MeteredChatModel, RunUsage } from '../../../src/core/llm/usage';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { startCliServer, stopCliServer } from './cliServer';
import { TEST_KEY, captureLogger, isolateProviderEnv, newRegistry, runConversation, testClock, weatherTool } from './harness';
import type { Step } from '../../support/llmServer/script';

const conversation: Step[] = [
	{ error: { status: 429, retryAfter: '1', message: 'Rate limit reached' } },
	{ reply: { text: 'Checking.', toolCalls: [{ id: 'call_k1', name: 'get_weather', arguments: '{"city":"Paris"}' }] } },
	{ error: { status: 500 } },
	{ expect: { toolResults: [{ id: 'call_k1', contains: '18' }] }, reply: { text: 'It is 18 °C.' } },
];

/** Everything written to stdout/stderr/console while `run` executes (the SDKs may print directly). */
async function capturePrinted(run: () => Promise<void>): Promise<string> {
	let printed = '';
	const out = process.stdout.write.bind(process.stdout);
	const err = process.stderr.write.bind(process.stderr);
	const grab = (chunk: unknown) => {
		printed += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
		return true;
	};
	process.stdout.write = grab as typeof process.stdout.write;
	process.stderr.write = grab as typeof process.stderr.write;
	try {
		await run();
	} finally {
		process.stdout.write = out;
		process.stderr.write = err;
	}
	return printed;
}

function profileFor(kind: ProviderProfile['kind'], server: { url: string }): ProviderProfile {
	const parsed = parseProviderProfile({ id: `secret-${kind}`, kind, model: kind === 'anthropic' ? 'claude-sonnet-4-6' : 'gpt-4.1-mini', baseUrl: kind === 'anthropic' ? server.url : `${server.url}/v1` });
	assert.ok(parsed.ok, JSON.stringify(parsed));
	return parsed.profile;
}

describe('LLM secrets never leak', function () {
	this.timeout(60_000);
	isolateProviderEnv();
	let dir: string;
	let server: LlmServer;

	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'rampart-llm-secrets-'));
		server = await startLlmServer({ script: [], requireKey: TEST_KEY });
	});
	afterEach(async () => {
		await server.close();
		rmSync(dir, { recursive: true, force: true });
	});

	for (const kind of ['openai', 'anthropic', 'openai-compatible'] as const) {
		it(`${kind}: no key in logs, output, errors or files`, async () => {
			const registry = newRegistry();
			const { logger, lines } = captureLogger(registry);
			const run = new RunUsage();
			const errors: ProviderError[] = [];
			const printed = await capturePrinted(async () => {
				const secrets = { getKey: async () => TEST_KEY };
				const options = { logger, secrets: registry, sdkLogLevel: 'debug' as const, resilience: { clock: testClock() } };
				server.setScript(conversation);
				const model = new MeteredChatModel(await createChatModel(profileFor(kind, server), secrets, options), run);
				const { responses } = await runConversation(model, 'Weather in Paris?', [weatherTool]);
				assert.equal(responses.at(-1)?.text, 'It is 18 °C.');
				// The provider echoes the key in an error, as real ones do.
				server.setScript([{ error: { status: 401, kind: 'auth' } }]);
				try {
					await model.complete({ messages: [{ role: 'user', content: 'again' }] });
				} catch (error) {
					errors.push(error as ProviderError);
				}
			});
			assert.deepEqual(server.failures, []);
			assert.ok(server.requests.some((r) => r.headers.authorization === `Bearer ${TEST_KEY}`), 'the key really was sent to the server');
			assert.equal(errors.length, 1);
			assert.equal(errors[0].kind, 'auth');
			assert.match(errors[0].message, /\[REDACTED\]/);
			assert.ok(lines.some((l) => l.level === 'warn' && /retrying/.test(l.message)), 'retries were logged');
			assert.ok(lines.some((l) => l.level === 'debug'), 'SDK debug logging was on');

			writeFileSync(join(dir, 'log.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
			writeFileSync(join(dir, 'usage.json'), JSON.stringify(run));
			writeFileSync(join(dir, 'errors.json'), JSON.stringify(errors));
			writeFileSync(join(dir, 'requests.json'), JSON.stringify(server.redactedRecords()));
			const everything = [
				printed,
				...lines.map((l) => `${l.message} ${formatValue(l.data)}`),
				...errors.flatMap((e) => [e.message, String(e), e.stack ?? '', JSON.stringify(e), formatValue(e)]),
				...readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')),
			].join('\n');
			assert.ok(everything.length > 1000, 'there was plenty to search');
			assert.equal(everything.includes(TEST_KEY), false, 'the key leaked');
			assert.equal(everything.includes(TEST_KEY.slice(8, 28)), false, 'part of the key leaked');
		});
	}

	it('the command-line server writes its request record without credentials', async () => {
		const cli = await startCliServer('one-tool-call.json', ['--key', TEST_KEY]);
		const registry = newRegistry();
		const parsed = parseProviderProfile({ id: 'cli', kind: 'openai', model: 'gpt-4.1-mini', baseUrl: `${cli.url}/v1` });
		assert.ok(parsed.ok);
		const model = await createChatModel(parsed.profile, { getKey: async () => TEST_KEY }, { secrets: registry, resilience: { clock: testClock() } });
		await runConversation(model, 'What is the weather in Paris?', [weatherTool]);
		const { requests, failures, text } = await stopCliServer(cli);
		assert.deepEqual(failures, []);
		assert.equal(requests.length, 2);
		assert.equal(requests[0].headers.authorization, '[REDACTED]');
		assert.equal(text.includes(TEST_KEY), false);
	});
});
