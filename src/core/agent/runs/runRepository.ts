// Saved agent runs under `.rampart/runs/`: one JSON file per run, replaced atomically (temp file +
// rename) after every turn, validated on load. Two windows on one workspace read the same folder,
// so they see the same run list; the run lock (runLock.ts) keeps them from driving the same run.
import { FolderStorePort, type StorePort } from '../../store/storePort';
import { agentRunSchema, runIdSchema, type AgentRunRecord } from './runSchema';

export const runsDir = 'runs';
const runFile = (id: string): string => `${runsDir}/${id}.json`;

export class RunFileError extends Error {
	constructor(
		readonly file: string,
		detail: string,
	) {
		super(`Saved run ${file} cannot be used: ${detail}. The file was left as it is.`);
		this.name = 'RunFileError';
	}
}

export interface RunSummary {
	id: string;
	status: AgentRunRecord['status'];
	updatedAt: string;
	task: string;
	turns: number;
}

export function checkRunId(id: string): string {
	const parsed = runIdSchema.safeParse(id);
	if (!parsed.success) {
		throw new Error(`Invalid run id "${id.slice(0, 100)}": ${parsed.error.issues[0]?.message ?? 'bad id'}.`);
	}
	return parsed.data;
}

export class RunRepository {
	/** Saves run one after another per run, so an older snapshot never lands after a newer one. */
	private readonly queues = new Map<string, Promise<void>>();

	/** `port` is rooted at the workspace's `.rampart` folder. */
	constructor(readonly port: StorePort) {}

	static forFolder(rampartDir: string): RunRepository {
		return new RunRepository(new FolderStorePort(rampartDir));
	}

	/** Saves the snapshot `take()` returns when this save's turn comes (the newest state wins). */
	save(id: string, take: () => AgentRunRecord): Promise<void> {
		checkRunId(id);
		const previous = this.queues.get(id) ?? Promise.resolve();
		const next = previous.then(async () => {
			const record = take();
			const checked = agentRunSchema.safeParse(record);
			if (!checked.success) {
				throw new Error(`Refusing to save run ${id}: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
			}
			await this.port.writeAtomic(runFile(id), `${JSON.stringify(checked.data, null, '\t')}\n`);
		});
		// A failed save does not block the next one; the caller of this save still sees the error.
		this.queues.set(
			id,
			next.catch(() => undefined),
		);
		return next;
	}

	async load(id: string): Promise<AgentRunRecord> {
		const file = runFile(checkRunId(id));
		const text = await this.port.read(file);
		if (text === undefined) {
			throw new RunFileError(file, 'it does not exist');
		}
		let raw: unknown;
		try {
			raw = JSON.parse(text);
		} catch (e) {
			throw new RunFileError(file, `it is not valid JSON (${(e as Error).message})`);
		}
		const parsed = agentRunSchema.safeParse(raw);
		if (!parsed.success) {
			throw new RunFileError(file, parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; '));
		}
		return parsed.data;
	}

	/** Every saved run, newest first; files that cannot be read are listed in `problems`. */
	async list(): Promise<{ runs: RunSummary[]; problems: string[] }> {
		const runs: RunSummary[] = [];
		const problems: string[] = [];
		for (const name of await this.port.list(runsDir)) {
			if (!name.endsWith('.json')) {
				continue;
			}
			try {
				const r = await this.load(name.slice(0, -'.json'.length));
				runs.push({ id: r.id, status: r.status, updatedAt: r.updatedAt, task: (r.tasks[0] ?? '').split('\n')[0].slice(0, 200), turns: r.turns });
			} catch (e) {
				problems.push((e as Error).message);
			}
		}
		runs.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
		return { runs, problems };
	}
}
