// Small parts of the LLM layer: JSON extraction, redaction, prices and run totals, provider profiles.
import * as assert from 'node:assert/strict';
import { toAnthropicMessages } from '../../../src/core/llm/anthropicChatModel';
import { ProviderError } from '../../../src/core/llm/errors';
import { extractJson, stripTrailingCommas } from '../../../src/core/llm/jsonExtraction';
import { splitBaseUrl } from '../../../src/core/llm/openAiCompatibleChatModel';
import { createChatModel, fromEnvironment, parseProviderProfile } from '../../../src/core/llm/providerConfig';
import { REDACTED, redact, redactingLogger, SecretRegistry } from '../../../src/core/llm/redact';
import { costOf, defaultPrices, priceFor, RunUsage } from '../../../src/core/llm/usage';
import { TEST_KEY } from './harness';

describe('tolerant JSON extraction', () => {
	const cases: Array<[string, unknown]> = [
		['{"a": 1}', { a: 1 }],
		['```json\n{"a": [1, 2,],}\n```', { a: [1, 2] }],
		['Sure! Here is the result:\n\n{"title": "x", "tags": ["a, b"]}\nHope this helps.', { title: 'x', tags: ['a, b'] }],
		['Use {curly} braces: {"ok": true}', { ok: true }],
		['[1, 2, 3,]', [1, 2, 3]],
		['{"s": "a } tricky \\" string,]"}', { s: 'a } tricky " string,]' }],
	];
	for (const [input, expected] of cases) {
		it(`extracts from ${JSON.stringify(input).slice(0, 40)}`, () => {
			const result = extractJson(input);
			assert.ok(result.ok, JSON.stringify(result));
			assert.deepEqual(result.value, expected);
		});
	}

	it('fails clearly on no JSON or cut-off JSON', () => {
		assert.equal(extractJson('').ok, false);
		assert.equal(extractJson('no json here').ok, false);
		assert.equal(extractJson('{"title": "x", "cwe": 8').ok, false);
	});

	it('keeps commas inside strings', () => {
		assert.equal(stripTrailingCommas('{"a": ",}", }'), '{"a": ",}" }');
	});
});

describe('redaction', () => {
	it('removes known secrets, URL credentials, bearer tokens, key-shaped tokens and key parameters', () => {
		const text = `key ${TEST_KEY} url https://bob:hunter2@proxy.example/v1 auth Authorization: Bearer abcdefghijklmnop q https://x.example/v1?api-key=zzz123&x=1 and sk-ant-abcdefghijklmnopqrstuv`;
		const out = redact(text, [TEST_KEY]);
		for (const secret of [TEST_KEY, 'hunter2', 'bob:', 'abcdefghijklmnop', 'zzz123', 'sk-ant-']) {
			assert.equal(out.includes(secret), false, `${secret} in ${out}`);
		}
		assert.ok(out.includes('proxy.example/v1'));
		assert.ok(out.includes('x=1'));
	});

	it('redacts the data of a log line too, including credential-named fields', () => {
		const registry = new SecretRegistry();
		registry.add(TEST_KEY);
		const lines: unknown[] = [];
		const logger = redactingLogger({ log: (level, message, data) => lines.push({ level, message, data }) }, registry);
		logger.log('info', `calling with ${TEST_KEY}`, { nested: { note: `k=${TEST_KEY}` }, apiKey: 'short', list: [TEST_KEY] });
		const text = JSON.stringify(lines);
		assert.equal(text.includes(TEST_KEY), false);
		assert.equal(text.includes('short'), false);
		assert.equal((text.match(new RegExp(REDACTED.replace(/[[\]]/g, '\\$&'), 'g')) ?? []).length, 4);
	});
});

describe('usage and cost', () => {
	it('finds prices by exact name or the longest prefix', () => {
		assert.equal(priceFor('gpt-4o-mini-2024-07-18', defaultPrices), defaultPrices['gpt-4o-mini']);
		assert.equal(priceFor('gpt-4o-2024-08-06', defaultPrices), defaultPrices['gpt-4o']);
		assert.equal(priceFor('claude-sonnet-4-6', defaultPrices), defaultPrices['claude-sonnet-4']);
		assert.equal(priceFor('llama3.1:8b', defaultPrices), undefined);
	});

	it('prices cached reads and cache writes separately', () => {
		const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cachedInputTokens: 600_000, cacheWriteTokens: 200_000 };
		const cost = costOf(usage, { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 });
		assert.equal(cost, (200_000 * 3 + 600_000 * 0.3 + 200_000 * 3.75 + 100_000 * 15) / 1_000_000);
	});

	it('sums calls, lets settings override prices, and counts unpriced calls', () => {
		const run = new RunUsage({ 'my-local-model': { input: 0, output: 0 }, 'gpt-4.1-mini': { input: 1, output: 2 } });
		run.record('a', 'gpt-4.1-mini', { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0, cacheWriteTokens: 0 });
		run.record('a', 'gpt-4.1-mini', { inputTokens: 2000, outputTokens: 100, cachedInputTokens: 1000, cacheWriteTokens: 0 });
		run.record('b', 'my-local-model', { inputTokens: 10, outputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0 });
		run.record('c', 'mystery-model', { inputTokens: 7, outputTokens: 3, cachedInputTokens: 0, cacheWriteTokens: 0 });
		const totals = run.totals;
		assert.deepEqual({ ...totals, costUsd: undefined }, { inputTokens: 3017, outputTokens: 613, cachedInputTokens: 1000, cacheWriteTokens: 0, calls: 4, costUsd: undefined, unpricedCalls: 1 });
		assert.equal(totals.costUsd, (1000 * 1 + 500 * 2) / 1e6 + (2000 * 1 + 100 * 2) / 1e6);
		assert.deepEqual(JSON.parse(JSON.stringify(run)).totals.calls, 4);
	});
});

describe('provider profiles', () => {
	it('accepts a valid profile and rejects credentials in settings', () => {
		assert.ok(parseProviderProfile({ id: 'local', kind: 'openai-compatible', model: 'qwen2.5-coder', baseUrl: 'http://127.0.0.1:11434/v1', headers: { 'x-team': 'sec' } }).ok);
		const bad = [
			{ id: 'a', kind: 'openai-compatible', model: 'm', baseUrl: 'https://user:pw@host/v1' },
			{ id: 'a', kind: 'openai-compatible', model: 'm', baseUrl: 'https://host/v1?api-key=abc' },
			{ id: 'a', kind: 'openai', model: 'm', headers: { Authorization: 'Bearer x' } },
			{ id: 'a', kind: 'openai', model: 'm', apiKey: 'sk-not-here' },
			{ id: 'a', kind: 'openai-compatible', model: 'm' },
			{ id: 'a b', kind: 'openai', model: 'm' },
			{ id: 'a', kind: 'gemini', model: 'm' },
			{ id: 'a', kind: 'openai', model: 'm', baseUrl: 'file:///etc/passwd' },
		];
		for (const profile of bad) {
			const result = parseProviderProfile(profile);
			assert.equal(result.ok, false, JSON.stringify(profile));
		}
	});

	it('reads the CLI environment, and never sends an OpenAI key to a third-party URL', async () => {
		const openai = fromEnvironment({ OPENAI_API_KEY: 'sk-openai-key-000000', RAMPART_MODEL: 'gpt-4.1-mini' });
		assert.deepEqual(openai.profile, { id: 'env-openai', kind: 'openai', model: 'gpt-4.1-mini' });
		assert.equal(await openai.secrets.getKey('env-openai'), 'sk-openai-key-000000');
		const anthropic = fromEnvironment({ ANTHROPIC_API_KEY: 'sk-ant-key-0000000' });
		assert.equal(anthropic.profile.kind, 'anthropic');
		assert.equal(await anthropic.secrets.getKey(anthropic.profile.id), 'sk-ant-key-0000000');
		const local = fromEnvironment({ OPENAI_API_KEY: 'sk-openai-key-000000', RAMPART_BASE_URL: 'http://127.0.0.1:11434/v1', RAMPART_MODEL: 'llama3.1' });
		assert.equal(local.profile.kind, 'openai-compatible');
		assert.equal(await local.secrets.getKey(local.profile.id), undefined);
		assert.throws(() => fromEnvironment({ RAMPART_PROVIDER: 'gemini' }), ProviderError);
		assert.throws(() => fromEnvironment({ RAMPART_PROVIDER: 'openai-compatible', RAMPART_BASE_URL: 'http://127.0.0.1:1/v1' }), /RAMPART_MODEL/);
	});

	it('asks for a key when none is stored, and lets the host supply vscode-lm', async () => {
		const none = { getKey: async () => undefined };
		await assert.rejects(createChatModel({ id: 'p', kind: 'anthropic', model: 'claude-sonnet-4-6' }, none), (e: unknown) => e instanceof ProviderError && e.kind === 'auth' && /Set API Key/.test(e.message));
		await assert.rejects(createChatModel({ id: 'p', kind: 'vscode-lm', model: 'copilot-gpt-4o' }, none), /only inside VS Code/);
		const fake = { info: { profileId: 'p', kind: 'vscode-lm' as const, model: 'copilot', structuredOutput: 'prompt' as const }, stream: async function* () {}, complete: async () => assert.fail() };
		const model = await createChatModel({ id: 'p', kind: 'vscode-lm', model: 'copilot' }, none, { factories: { 'vscode-lm': () => fake } });
		assert.equal(model.info.kind, 'vscode-lm');
	});

	it('splits Azure-style base URLs into base and query', () => {
		assert.deepEqual(splitBaseUrl('https://res.openai.azure.com/openai/deployments/gpt4o?api-version=2024-10-21'), { baseUrl: 'https://res.openai.azure.com/openai/deployments/gpt4o', query: { 'api-version': '2024-10-21' } });
		assert.throws(() => splitBaseUrl('https://u:p@host/v1'), /credentials/);
	});
});

describe('anthropic message mapping', () => {
	it('merges tool results into one user turn and marks the system prompt and the last stable block', () => {
		const { system, messages } = toAnthropicMessages(
			[
				{ role: 'system', content: 'Rules.' },
				{ role: 'user', content: 'Weather?' },
				{ role: 'assistant', content: '', toolCalls: [{ id: 't1', name: 'w', arguments: '{"city":"Paris"}' }, { id: 't2', name: 'w', arguments: '{bad' }] },
				{ role: 'tool', toolCallId: 't1', toolName: 'w', content: '18' },
				{ role: 'tool', toolCallId: 't2', toolName: 'w', content: 'invalid', isError: true },
				{ role: 'user', content: 'And now?' },
			],
			5,
			true,
		);
		assert.deepEqual(system, [{ type: 'text', text: 'Rules.', cache_control: { type: 'ephemeral' } }]);
		assert.equal(messages.length, 3);
		assert.deepEqual(messages[1].content, [
			{ type: 'tool_use', id: 't1', name: 'w', input: { city: 'Paris' } },
			{ type: 'tool_use', id: 't2', name: 'w', input: {} },
		]);
		assert.deepEqual(messages[2].content, [
			{ type: 'tool_result', tool_use_id: 't1', content: '18' },
			{ type: 'tool_result', tool_use_id: 't2', content: 'invalid', is_error: true, cache_control: { type: 'ephemeral' } },
			{ type: 'text', text: 'And now?' },
		]);
	});
});
