// Secret hygiene for everything sent to a provider: a ChatModel decorator that scans every outgoing
// message (system, user, assistant text and tool-call arguments, tool results) with the SAST
// engine's secret detectors — the known credential formats of `hardcoded-secret.known-format` and
// the credential-name + random-looking-value test of `hardcoded-secret.assignment` — plus the
// exact values the caller names (its API keys), and replaces each match with `[REDACTED:<kind>]`. It counts
// the distinct secrets it kept from the provider, so the UI can show the user how many.
import { createHash } from 'node:crypto';
import { isSecretName } from '../../../language-server/src/engine/rules/javascript/hardcodedSecretAssignment';
import { knownFormatMatches, looksLikeSecret } from '../../../language-server/src/engine/rules/javascript/hardcodedSecretFormat';
import type { CallOptions, ChatEvent, ChatMessage, ChatModel, ChatRequest, ChatResponse, ModelInfo } from './types';

export interface SecretMatch {
	/** Short kind used in the marker: aws-key, github-token, private-key, password… */
	kind: string;
	start: number;
	end: number;
}

/** The engine names formats for people ("an AWS access key id"); markers use short kinds. */
const kindOf: Record<string, string> = {
	'an AWS access key id': 'aws-key',
	'a GitHub token': 'github-token',
	'a Slack token or webhook': 'slack-token',
	'a Stripe live key': 'stripe-key',
	'a private key': 'private-key',
	'a Google API key': 'google-api-key',
	'a SendGrid key': 'sendgrid-key',
	'an npm token': 'npm-token',
	'an OpenAI key': 'openai-key',
	'a GitLab token': 'gitlab-token',
	'a password in a connection string': 'connection-password',
};

export function markerKind(engineKind: string, value: string): string {
	if (engineKind === 'an OpenAI key' && value.startsWith('sk-ant-')) {
		return 'anthropic-key';
	}
	return kindOf[engineKind] ?? (engineKind.replace(/^(an?|the) /i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'secret');
}

const tokenChar = /[A-Za-z0-9_\-+/=.]/;
const pemEnd = /-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----/g;

/** A format match covers a key's recognisable prefix; the secret is the whole token (or PEM block). */
function widen(text: string, kind: string, start: number, end: number): { start: number; end: number } {
	if (kind === 'a password in a connection string') {
		// `://user:password@`: only the password goes.
		const colon = text.indexOf(':', start + 3);
		return colon > 0 && colon < end ? { start: colon + 1, end: end - 1 } : { start, end };
	}
	if (kind === 'a private key') {
		pemEnd.lastIndex = end;
		const close = pemEnd.exec(text);
		if (close) {
			return { start, end: close.index + close[0].length };
		}
		let e = end;
		while (e < text.length && /[A-Za-z0-9+/=\s\\-]/.test(text[e])) {
			e++;
		}
		return { start, end: e };
	}
	let e = end;
	while (e < text.length && tokenChar.test(text[e])) {
		e++;
	}
	while (e > end && text[e - 1] === '.') {
		e--;
	}
	return { start, end: e };
}

/** `name = "value"`, `name: 'value'`, `"name": "value"` anywhere (code, JSON, prose). */
const quotedAssignment = /([A-Za-z_$][\w$.-]{0,80})["']?[ \t]*(?::=|=>|[:=])[ \t]*(["'`])([^"'`\s]{8,500})\2/g;
/** `NAME=value`, `name: value` as a whole line (.env, YAML, INI, properties), also as read_file ("12\t…") and search_code ("path:12: …") show it. */
const lineAssignment = /^[ \t]*(?:\d+\t|[^\s:]+:\d+:[ \t]*)?(?:export[ \t]+)?([A-Za-z_$][\w$.-]{0,80})[ \t]*[:=][ \t]*([^\s"'`]{8,500})[ \t]*$/gm;
/** An unquoted value that is code, not a literal: `process.env.X`, `getPassword()`, `userPassword`. */
const codeLike = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+(\(.*)?$|^[A-Za-z_$][\w$]*\(.*$|^[A-Za-z_$]+$|^\$\{?\w+\}?$/;

/** Every secret in `text`, non-overlapping, in order. `known` are exact values to redact as `api-key`. */
export function findSecrets(text: string, known: Iterable<string> = []): SecretMatch[] {
	const raw: SecretMatch[] = [];
	for (const m of knownFormatMatches(text)) {
		const span = widen(text, m.kind, m.start, m.end);
		raw.push({ kind: markerKind(m.kind, text.slice(span.start, span.end)), ...span });
	}
	const assigned = (m: RegExpMatchArray, name: string, value: string, quoted: boolean) => {
		if (!value.startsWith('[REDACTED') && (quoted || !codeLike.test(value)) && isSecretName(name) && looksLikeSecret(value)) {
			const start = (m.index ?? 0) + m[0].lastIndexOf(value);
			raw.push({ kind: /pass|pwd/i.test(name) ? 'password' : 'secret', start, end: start + value.length });
		}
	};
	for (const m of text.matchAll(quotedAssignment)) {
		assigned(m, m[1], m[3], true);
	}
	for (const m of text.matchAll(lineAssignment)) {
		assigned(m, m[1], m[2], false);
	}
	for (const secret of known) {
		if (secret.length < 8) {
			continue;
		}
		for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + secret.length)) {
			raw.push({ kind: 'api-key', start: at, end: at + secret.length });
		}
	}
	raw.sort((a, b) => a.start - b.start || b.end - a.end);
	const merged: SecretMatch[] = [];
	for (const m of raw) {
		const last = merged.at(-1);
		if (last && m.start < last.end) {
			last.end = Math.max(last.end, m.end);
		} else if (m.end > m.start) {
			merged.push({ ...m });
		}
	}
	return merged;
}

export interface RedactionStats {
	/** Distinct secret values kept from the provider so far. */
	total: number;
	byKind: Record<string, number>;
}

/** Replaces every secret with `[REDACTED:<kind>]`; `found` gets each replaced value and its kind. */
export function redactSecrets(text: string, known: Iterable<string> = [], found?: (kind: string, value: string) => void): string {
	const matches = findSecrets(text, known);
	if (matches.length === 0) {
		return text;
	}
	let out = '';
	let at = 0;
	for (const m of matches) {
		found?.(m.kind, text.slice(m.start, m.end));
		out += `${text.slice(at, m.start)}[REDACTED:${m.kind}]`;
		at = m.end;
	}
	return out + text.slice(at);
}

const memoLimit = 4000;

/** Wraps a ChatModel so that no request carries a detectable secret. One instance per run gives per-run counts. */
export class SecretRedactingChatModel implements ChatModel {
	private readonly seen = new Map<string, string>();
	private readonly memo = new Map<string, string>();

	constructor(
		private readonly inner: ChatModel,
		private readonly options: {
			/** Exact values to redact as `api-key` too (e.g. the keys the session holds); read once per distinct text. */
			knownSecrets?: () => Iterable<string>;
			/** Called when a request carried a secret not seen before in this run. */
			onRedaction?: (stats: RedactionStats) => void;
		} = {},
	) {}

	get info(): ModelInfo {
		return this.inner.info;
	}

	/** What was redacted so far (distinct values, never the values themselves). */
	stats(): RedactionStats {
		const byKind: Record<string, number> = {};
		for (const kind of this.seen.values()) {
			byKind[kind] = (byKind[kind] ?? 0) + 1;
		}
		return { total: this.seen.size, byKind };
	}

	complete(request: ChatRequest, options?: CallOptions): Promise<ChatResponse> {
		return this.inner.complete(this.redactRequest(request), options);
	}

	stream(request: ChatRequest, options?: CallOptions): AsyncIterable<ChatEvent> {
		return this.inner.stream(this.redactRequest(request), options);
	}

	/** The request as it may leave the machine (the caller's history is not changed). */
	redactRequest(request: ChatRequest): ChatRequest {
		const before = this.seen.size;
		const messages = request.messages.map((m) => this.redactMessage(m));
		if (this.seen.size !== before) {
			this.options.onRedaction?.(this.stats());
		}
		return { ...request, messages };
	}

	private redactMessage(message: ChatMessage): ChatMessage {
		if (message.role === 'assistant') {
			return {
				...message,
				content: this.redactText(message.content),
				...(message.toolCalls ? { toolCalls: message.toolCalls.map((c) => ({ ...c, arguments: this.redactText(c.arguments) })) } : {}),
			};
		}
		return { ...message, content: this.redactText(message.content) };
	}

	private redactText(text: string): string {
		if (text === '') {
			return text;
		}
		const cached = this.memo.get(text);
		if (cached !== undefined) {
			return cached;
		}
		const out = redactSecrets(text, this.options.knownSecrets?.() ?? [], (kind, value) => {
			this.seen.set(createHash('sha256').update(value).digest('hex'), kind);
		});
		if (this.memo.size >= memoLimit) {
			this.memo.clear();
		}
		this.memo.set(text, out);
		return out;
	}
}
