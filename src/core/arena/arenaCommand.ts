// `/arena` in the chat: `/arena <profile> <profile> […] [--parallel] [--budget <usd>]` runs the
// threat model of the stored PRD and design once per provider profile (one after another, or
// all at once with --parallel) and returns the ranked comparison table. Nothing is stored in the
// analysis; the table is kept with the conversation.
import type { ChatModel, TokenUsage } from '../llm/types';
import type { ArenaTableView } from '../protocol/chatMessages';
import type { AnalysisStore } from '../store/analysisStore';
import type { ThreatModel, VersionRecord } from '../store/schemas';
import { type ArenaContestant, type ArenaOptions, runArena } from './arenaRunner';
import { threatModelTask, type ThreatModelArenaResult } from './threatModelTask';

export interface ArenaRequest {
	profileIds: string[];
	parallel: boolean;
	maxCostUsd?: number;
}

export const arenaUsage = 'Usage: /arena <profile> <profile> [more profiles] [--parallel] [--budget <USD>] — compares threat models of the stored design.';

/** Parses the words after `/arena`; an error says what is wrong and how to write it. */
export function parseArenaRequest(args: string): ArenaRequest | { error: string } {
	const words = args.trim().split(/\s+/).filter(Boolean);
	const profileIds: string[] = [];
	let parallel = false;
	let maxCostUsd: number | undefined;
	for (let i = 0; i < words.length; i++) {
		const word = words[i]!;
		if (word === '--parallel') {
			parallel = true;
		} else if (word === '--budget') {
			const value = Number((words[++i] ?? '').replace(/^\$/, ''));
			if (!Number.isFinite(value) || value <= 0) {
				return { error: `--budget needs a positive amount in USD. ${arenaUsage}` };
			}
			maxCostUsd = value;
		} else if (/^[A-Za-z0-9._-]{1,64}$/.test(word)) {
			if (!profileIds.includes(word)) {
				profileIds.push(word);
			}
		} else {
			return { error: `"${word}" is not a profile id. ${arenaUsage}` };
		}
	}
	if (profileIds.length < 2) {
		return { error: `Name at least two provider profiles. ${arenaUsage}` };
	}
	return { profileIds, parallel, ...(maxCostUsd === undefined ? {} : { maxCostUsd }) };
}

export interface ArenaProfile {
	id: string;
	createModel(): Promise<ChatModel>;
	price?(usage: TokenUsage): number | undefined;
}

/** Runs the threat-model arena on the stored design; throws when there is no design yet. */
export async function runThreatModelArena(
	store: AnalysisStore,
	request: ArenaRequest,
	profiles: readonly ArenaProfile[],
	options: Pick<ArenaOptions, 'signal' | 'onProgress'> & { onModel?: (result: ThreatModelArenaResult) => void } = {},
): Promise<ArenaTableView> {
	const [prd, architecture] = await Promise.all([store.read('prd'), store.read('architecture')]);
	if (!prd || !architecture) {
		throw new Error('there is no stored PRD and design to model; run /generate first (the arena compares threat models of the stored design).');
	}
	const contestants: ArenaContestant[] = profiles.map((p) => ({ label: p.id, createModel: p.createModel, ...(p.price ? { price: p.price } : {}) }));
	const { onModel, ...arenaOptions } = options;
	const table = await runArena(threatModelTask(prd, architecture, onModel), contestants, {
		...arenaOptions,
		concurrency: request.parallel ? contestants.length : 1,
		...(request.maxCostUsd === undefined ? {} : { budget: { maxCostUsd: request.maxCostUsd } }),
	});
	return { ...table, applicable: onModel !== undefined };
}

/** Stores the threat model a contestant produced as a new analysis version (author: agent). */
export function applyArenaThreatModel(store: AnalysisStore, contestant: string, threatModel: ThreatModel): Promise<VersionRecord> {
	return store.write({ threatModel }, { author: { kind: 'agent', name: 'rampart-arena' }, message: `arena: the threat model of ${contestant}` });
}
