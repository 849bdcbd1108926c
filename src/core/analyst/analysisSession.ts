// The analyst's handle on the store: reads the STPA-Sec graph and commits each edit as a new
// version with the agent as author. A write that loses a race with another window is re-applied
// once on the new head (the edit is re-validated there), never written over it.
import type { AnalysisStore, Author } from '../store/analysisStore';
import { StoreConflictError } from '../store/errors';
import type { StpaGraph, VersionRecord } from '../store/schemas';
import { TraceGraph } from '../store/traceGraph';
import { applyGraphEdit, GraphEditError, type EditOutcome, type GraphEdit } from './graphEdits';

export const analystAuthor: Author = { kind: 'agent', name: 'Rampart Security Analyst' };

export interface CommittedEdit extends EditOutcome {
	version: VersionRecord;
}

export class AnalysisSession {
	constructor(
		readonly store: AnalysisStore,
		private readonly author: Author = analystAuthor,
	) {}

	/** The current graph; a missing analysis or a broken store file is a clear error. */
	async graph(): Promise<StpaGraph> {
		const { documents, problems } = await this.store.readAll();
		const broken = problems.find((p) => p.message.includes('stpa'));
		if (broken) {
			throw new GraphEditError(`The STPA-Sec analysis file cannot be read: ${broken.message}`);
		}
		if (!documents.stpa) {
			throw new GraphEditError('This workspace has no STPA-Sec analysis yet (.rampart/stpa-sec.json). Run the threat model first.');
		}
		return documents.stpa;
	}

	async trace(): Promise<TraceGraph> {
		return new TraceGraph(await this.graph());
	}

	async edit(edit: GraphEdit, message: string): Promise<CommittedEdit> {
		for (let attempt = 1; ; attempt++) {
			await this.store.head();
			const outcome = applyGraphEdit(await this.graph(), edit);
			try {
				const version = await this.store.write({ stpa: outcome.graph }, { author: this.author, message: `${message.trim() || 'analysis edit'} (${outcome.changes.join('; ')})` });
				return { ...outcome, version };
			} catch (error) {
				if (!(error instanceof StoreConflictError) || attempt >= 2) {
					throw error;
				}
			}
		}
	}
}
