// Keeps a command's output within a cap: the head and the tail survive, the middle is dropped and
// the drop is stated. Chunks are streamed to the caller as they arrive regardless of the cap.

export const DEFAULT_OUTPUT_CAP = 256 * 1024;

export class CappedOutput {
	private head = '';
	private tail = '';
	private dropped = 0;
	private readonly half: number;

	constructor(readonly cap: number = DEFAULT_OUTPUT_CAP) {
		this.half = Math.max(1, Math.floor(cap / 2));
	}

	append(chunk: string): void {
		if (this.head.length < this.half) {
			const room = this.half - this.head.length;
			this.head += chunk.slice(0, room);
			chunk = chunk.slice(room);
		}
		if (chunk.length === 0) {
			return;
		}
		this.tail += chunk;
		if (this.tail.length > this.half) {
			this.dropped += this.tail.length - this.half;
			this.tail = this.tail.slice(this.tail.length - this.half);
		}
	}

	get truncated(): boolean {
		return this.dropped > 0;
	}

	text(): string {
		return this.dropped > 0 ? `${this.head}\n[… ${this.dropped} characters dropped …]\n${this.tail}` : this.head + this.tail;
	}
}

/** The names of the variables a sandboxed command may see, whatever its caller passes. */
export const DEFAULT_ENV_ALLOW_LIST: readonly string[] = [
	'PATH',
	'HOME',
	'LANG',
	'LC_ALL',
	'TZ',
	'TERM',
	'CI',
	'NODE_ENV',
	'npm_config_cache',
	'npm_config_offline',
	'npm_config_registry',
	'PIP_INDEX_URL',
	'PIP_NO_INDEX',
	'PIP_DISABLE_PIP_VERSION_CHECK',
	'PORT',
	'HOST',
	'PYTHONDONTWRITEBYTECODE',
	'PYTHONUNBUFFERED',
	'GOFLAGS',
	'GOCACHE',
	'CARGO_HOME',
	'CARGO_NET_OFFLINE',
];

/** Only the allow-listed entries of `env`; the host environment is never consulted. */
export function filterEnv(env: Readonly<Record<string, string>> | undefined, allowList: readonly string[]): Record<string, string> {
	const allowed = new Set(allowList);
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(env ?? {})) {
		if (allowed.has(name)) {
			out[name] = value;
		}
	}
	return out;
}
