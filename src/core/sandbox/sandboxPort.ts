// Where commands run. The agent's `run_command` tool and the verification run both go through this
// port; a Docker Engine implementation isolates them in a container with no network, the host
// implementation runs them directly and is used only after an explicit per-run approval.

export interface SandboxCommand {
	/** The program; never interpreted by a shell unless the caller names one explicitly. */
	command: string;
	args: readonly string[];
	/** Working folder relative to the workspace root ('' for the root). */
	cwd: string;
	/** The only environment the command sees (the host environment is never passed in). */
	env?: Readonly<Record<string, string>>;
	timeoutMs: number;
	/** 'none' unless the user allowed network for this step. */
	network: 'none' | 'allowed';
	signal?: AbortSignal;
	/** Streamed output, as it arrives. */
	onOutput?(chunk: string, stream: 'stdout' | 'stderr'): void;
}

export interface SandboxResult {
	exitCode: number | null;
	/** Set when the command was killed (timeout, cancellation, limit). */
	killedBy?: 'timeout' | 'cancelled' | 'limit';
	durationMs: number;
	/** Kept output (the head and tail when it exceeded the cap). */
	stdout: string;
	stderr: string;
	truncated: boolean;
	where: 'container' | 'host';
}

export interface SandboxAvailability {
	ok: boolean;
	/** Why not, in words a user can act on. */
	reason?: string;
}

export interface SandboxPort {
	readonly kind: 'docker' | 'host';
	available(): Promise<SandboxAvailability>;
	run(command: SandboxCommand): Promise<SandboxResult>;
}
