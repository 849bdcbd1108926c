// Secret hygiene: the redacting ChatModel decorator, through the real OpenAI and Anthropic SDKs and
// the local server. What the server received (system prompt, user text, assistant text and tool-call
// arguments, tool results) holds no secret, only `[REDACTED:<kind>]` markers; the caller's history
// keeps the real values; the count is per distinct secret; ordinary code is left alone.
import * as assert from 'node:assert/strict';
import { redactSecrets, SecretRedactingChatModel, type RedactionStats } from '../../../src/core/llm/secretRedaction';
import type { ChatMessage } from '../../../src/core/llm/types';
import { startLlmServer, type LlmServer } from '../../support/llmServer/server';
import { adapters, isolateProviderEnv } from '../llm/harness';
import { call, newRun, tempWorkspace } from './support';

// Built at run time so that no file of the repository holds a credential-shaped literal.
const s = {
	aws: ['AKIA', 'Q3EGRIYBZ7TMX4PL'].join(''),
	github: ['ghp_', 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'].join(''),
	stripe: ['sk_', 'live_', '51HxQ2pLk8Vw3Zr7Tn4Yb6Mc'].join(''),
	pem: ['-----BEGIN RSA ', 'PRIVATE KEY-----\nMIIEowIBAAKCAQEA1x2y3z4abcDEFghijKLMNopqrSTUvwxYZ0123456789abcdefGHIJ\n-----END RSA ', 'PRIVATE KEY-----'].join(''),
	dbPassword: ['Sup3r', 'S3cretPw'].join(''),
	envPassword: ['hT9#kq2', 'LmZ8wPq!x'].join(''),
	session: ['sess-', '7f3a9c2e41b8d6f0'].join(''),
};
const all = Object.values(s);

function history(): ChatMessage[] {
	return [
		{ role: 'system', content: `You deploy with the key ${s.aws}.` },
		{ role: 'user', content: `Here is my .env:\nDB_PASSWORD=${s.envPassword}\nSESSION=${s.session}\nFix the config.` },
		{ role: 'assistant', content: `I found ${s.github} in the history.`, toolCalls: [{ id: 'call_1', name: 'write_file', arguments: JSON.stringify({ path: 'key.pem', content: `${s.pem}\n` }) }] },
		{ role: 'tool', toolCallId: 'call_1', toolName: 'write_file', content: `Wrote key.pem. DATABASE_URL=postgres://app:${s.dbPassword}@db:5432/app and STRIPE=${s.stripe}` },
	];
}

for (const adapter of adapters.filter((a) => a.name !== 'openai-compatible')) {
	describe(`secret redaction through the ${adapter.name} SDK`, () => {
		isolateProviderEnv();
		let server: LlmServer;
		beforeEach(async () => {
			server = await startLlmServer({ script: [] });
		});
		afterEach(() => server.close());

		it('sends no secret from any kind of message, and counts each secret once', async () => {
			server.setScript([{ reply: { text: 'ok' } }, { reply: { text: 'ok again' } }]);
			const counts: RedactionStats[] = [];
			const model = new SecretRedactingChatModel(adapter.create(server), { knownSecrets: () => [s.session], onRedaction: (stats) => counts.push(stats) });
			const messages = history();
			assert.equal((await model.complete({ messages })).text, 'ok');
			let text = '';
			for await (const event of model.stream({ messages: [...messages, { role: 'assistant', content: 'ok' }, { role: 'user', content: `again, key ${s.aws}` }] })) {
				text += event.type === 'text-delta' ? event.text : '';
			}
			assert.equal(text, 'ok again');
			assert.deepEqual(server.failures, []);
			for (const request of server.requests) {
				const wire = JSON.stringify(request.body);
				for (const secret of all) {
					assert.ok(!wire.includes(secret) && !wire.includes(JSON.stringify(secret).slice(1, -1)), `request ${request.index} does not carry ${secret.slice(0, 6)}…`);
				}
				for (const kind of ['aws-key', 'password', 'api-key', 'github-token', 'private-key', 'connection-password', 'stripe-key']) {
					assert.ok(wire.includes(`[REDACTED:${kind}]`), `request ${request.index} has a ${kind} marker`);
				}
			}
			// The tool call's arguments are still valid JSON for the provider.
			const args = server.requests[0].normalized?.messages.find((m) => m.toolCalls)?.toolCalls?.[0].arguments ?? '';
			assert.deepEqual(JSON.parse(args), { path: 'key.pem', content: '[REDACTED:private-key]\n' });
			assert.deepEqual(model.stats(), { total: 7, byKind: { 'aws-key': 1, password: 1, 'api-key': 1, 'github-token': 1, 'private-key': 1, 'connection-password': 1, 'stripe-key': 1 } });
			assert.equal(counts.length, 1, 'the second request found nothing new');
			assert.ok(messages[0].content.includes(s.aws), "the caller's history keeps the real values");
		});

		it('keeps a secret read from a workspace file out of the next request of an agent run', async () => {
			const ws = await tempWorkspace({ 'config/local.env': `PORT=8080\nSTRIPE_SECRET_KEY=${s.stripe}\nDB_PASSWORD=${s.envPassword}\n` });
			try {
				server.setScript([
					{ reply: { toolCalls: [call('call_r', 'read_file', { path: 'config/local.env' })] } },
					{ expect: { toolResults: [{ id: 'call_r', contains: 'STRIPE_SECRET_KEY=[REDACTED:stripe-key]' }] }, reply: { toolCalls: [call('call_f', 'finish', { summary: 'Checked the config.' })] } },
				]);
				const model = new SecretRedactingChatModel(adapter.create(server));
				const run = await newRun(ws.root, model);
				const outcome = await run.send('Check config/local.env.');
				assert.deepEqual(server.failures, []);
				assert.equal(outcome.status, 'finished');
				const wire = JSON.stringify(server.requests[1].body);
				assert.ok(!wire.includes(s.stripe) && !wire.includes(s.envPassword), 'the provider never saw the file secrets');
				assert.match(wire, /PORT=8080/);
				assert.deepEqual(model.stats(), { total: 2, byKind: { 'stripe-key': 1, password: 1 } });
				assert.ok(run.messages.some((m) => m.role === 'tool' && m.content.includes(s.stripe)), 'the local history is unchanged');
			} finally {
				await ws.cleanup();
			}
		});
	});
}

describe('secret redaction: what is not a secret', () => {
	it('leaves ordinary code, placeholders and documented examples alone', () => {
		const text = [
			'const password = process.env.DB_PASSWORD;',
			'const apiKey = "your-api-key-here";',
			'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
			'function login(token: string, passwordHash: string) {}',
			'const tokenUrl = "https://auth.example.com/oauth/token";',
			'sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"',
			'postgres://user:password@localhost/db',
			'[REDACTED:aws-key] stays as it is',
		].join('\n');
		assert.equal(redactSecrets(text), text);
	});

	it('redacts all occurrences and the whole token, not only its prefix', () => {
		assert.equal(redactSecrets(`a ${s.github} b ${s.github}.`), 'a [REDACTED:github-token] b [REDACTED:github-token].');
		assert.equal(redactSecrets(`x=${s.pem}\ny`), 'x=[REDACTED:private-key]\ny');
	});
});

