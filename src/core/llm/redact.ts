// Keeps API keys and credentials out of every log line: a redaction helper, a registry of the
// secrets in use, and a logger port whose every line passes through both.

export const REDACTED = '[REDACTED]';

/** Shortest secret we replace verbatim; shorter values would mangle ordinary text. */
const minSecretLength = 6;

const patterns: Array<[RegExp, string]> = [
	// Credentials inside URLs: scheme://user:pass@host
	[/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(?::[^\s/@]*)?@/gi, `$1${REDACTED}@`],
	// Authorization-like headers printed as text or JSON.
	[/\b(authorization|x-api-key|api-key|proxy-authorization)(["']?\s*[:=]\s*["']?)(?:Bearer\s+|Basic\s+)?[^\s"',;}&]+/gi, `$1$2${REDACTED}`],
	[/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g, `Bearer ${REDACTED}`],
	// Key-looking query parameters.
	[/([?&](?:api[-_]?key|key|token|access_token|sig|signature)=)[^&\s"']+/gi, `$1${REDACTED}`],
	// Well-known key shapes (OpenAI, Anthropic, generic sk-…).
	[/\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g, REDACTED],
];

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every known secret, every credential in a URL and every key-shaped token. */
export function redact(text: string, secrets: Iterable<string> = []): string {
	let out = text;
	const sorted = [...secrets].filter((s) => s.length >= minSecretLength).sort((a, b) => b.length - a.length);
	for (const secret of sorted) {
		out = out.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) {
			out = out.replace(new RegExp(escapeRegExp(encoded), 'g'), REDACTED);
		}
	}
	for (const [pattern, replacement] of patterns) {
		out = out.replace(pattern, replacement);
	}
	return out;
}

/** The secrets of this process (API keys, header values); shared by loggers and error mapping. */
export class SecretRegistry {
	private readonly secrets = new Set<string>();

	add(secret: string | undefined): void {
		if (secret && secret.length >= minSecretLength) {
			this.secrets.add(secret);
		}
	}

	redact(text: string): string {
		return redact(text, this.secrets);
	}
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Logger port: the extension writes to an OutputChannel, the CLI to stderr, tests to an array. */
export interface Logger {
	log(level: LogLevel, message: string, data?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { log: () => undefined };

/** Serialises any value for a log line without throwing (cycles, bigint, errors). */
export function formatValue(value: unknown): string {
	if (typeof value === 'string') {
		return value;
	}
	if (value instanceof Error) {
		return `${value.name}: ${value.message}`;
	}
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(value, (_key, v: unknown) => {
			if (typeof v === 'bigint') {
				return v.toString();
			}
			if (v instanceof Error) {
				return `${v.name}: ${v.message}`;
			}
			if (typeof v === 'object' && v !== null) {
				if (seen.has(v)) {
					return '[cycle]';
				}
				seen.add(v);
			}
			return v;
		}) ?? String(value);
	} catch {
		return String(value);
	}
}

function redactValue(value: unknown, registry: SecretRegistry, depth: number): unknown {
	if (typeof value === 'string') {
		return registry.redact(value);
	}
	if (typeof value !== 'object' || value === null) {
		return value;
	}
	if (depth > 6 || value instanceof Error) {
		return registry.redact(formatValue(value));
	}
	if (Array.isArray(value)) {
		return value.map((v) => redactValue(v, registry, depth + 1));
	}
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) {
		out[key] = /^(authorization|api[-_]?key|x-api-key|password|secret|token)$/i.test(key) ? REDACTED : redactValue(v, registry, depth + 1);
	}
	return out;
}

/** Wraps a sink so that the message and data of every line are redacted before they reach it. */
export function redactingLogger(sink: Logger, registry: SecretRegistry): Logger {
	return {
		log(level, message, data) {
			const safeData = data === undefined ? undefined : (redactValue(data, registry, 0) as Record<string, unknown>);
			sink.log(level, registry.redact(message), safeData);
		},
	};
}

type SdkLogFn = (message: string, ...rest: unknown[]) => void;

/** The logger shape both SDKs accept, forwarding into our (redacting) logger. */
export function sdkLogger(logger: Logger, prefix: string): { error: SdkLogFn; warn: SdkLogFn; info: SdkLogFn; debug: SdkLogFn } {
	const at = (level: LogLevel): SdkLogFn => (message, ...rest) => {
		const text = [message, ...rest.map((r) => formatValue(r))].join(' ');
		logger.log(level, `${prefix}: ${text}`);
	};
	return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
