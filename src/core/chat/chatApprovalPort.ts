// Approvals asked in the chat view: a write becomes an approval card with its unified diff; the
// user's decision comes back naming the change hash it was shown. A decision for an unknown or
// different change is ignored (the card stays), a stopped run rejects what is still pending.
import { randomBytes } from 'node:crypto';
import type { ApprovalDecision, ApprovalPort, WriteApprovalRequest } from '../agent/approvals';
import type { ApprovalView } from '../protocol/chatMessages';
import { unifiedDiff } from './unifiedDiff';

interface Pending {
	view: ApprovalView;
	resolve(decision: ApprovalDecision): void;
}

export class ChatApprovalPort implements ApprovalPort {
	private readonly pending = new Map<string, Pending>();

	constructor(
		private readonly show: (approval: ApprovalView) => void,
		private readonly resolved: (approvalId: string, approved: boolean) => void,
	) {}

	requestWrite(request: WriteApprovalRequest, signal?: AbortSignal): Promise<ApprovalDecision> {
		const view: ApprovalView = {
			approvalId: `ap-${randomBytes(6).toString('hex')}`,
			kind: 'write',
			title: `${request.before === undefined ? 'Create' : 'Change'} ${request.path}`,
			diff: unifiedDiff(request.path, request.before, request.newContent) || '(no textual change)',
			changeHash: request.changeHash,
		};
		return new Promise((resolve) => {
			const finish = (decision: ApprovalDecision) => {
				if (this.pending.delete(view.approvalId)) {
					this.resolved(view.approvalId, decision.approved);
					resolve(decision);
				}
			};
			this.pending.set(view.approvalId, { view, resolve: finish });
			signal?.addEventListener('abort', () => finish({ approved: false, changeHash: request.changeHash, reason: 'the run was stopped' }), { once: true });
			this.show(view);
		});
	}

	/** The user's answer from the card; false when it matches no pending approval. */
	decide(approvalId: string, changeHash: string, approved: boolean): boolean {
		const pending = this.pending.get(approvalId);
		if (!pending || pending.view.changeHash !== changeHash) {
			return false;
		}
		pending.resolve({ approved, changeHash, reason: approved ? undefined : 'rejected in the chat' });
		return true;
	}

	/** Rejects everything still waiting (the view closed, the run ended). */
	rejectAll(reason: string): void {
		for (const pending of [...this.pending.values()]) {
			pending.resolve({ approved: false, changeHash: pending.view.changeHash, reason });
		}
	}
}
