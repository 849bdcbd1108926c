// A conversation as Markdown (for people) or JSON (for tools): what was said, which tools ran,
// which changes were approved.
import type { Conversation } from './conversationStore';

const who = { user: 'You', assistant: 'Rampart', notice: 'Note' } as const;

export function conversationToMarkdown(conversation: Conversation): string {
	const lines = [`# ${conversation.title}`, '', `Started ${conversation.createdAt}, last turn ${conversation.updatedAt}.`, ''];
	for (const entry of conversation.entries) {
		switch (entry.kind) {
			case 'message':
				lines.push(`**${who[entry.role]}:**`, '', entry.text, '');
				break;
			case 'tools':
				lines.push(...entry.calls.map((c) => `- tool \`${c.name}\` ${c.summary} — ${c.state}${c.detail ? `: ${c.detail}` : ''}`), '');
				break;
			case 'approval':
				lines.push(`- ${entry.approval.kind === 'write' ? 'change' : 'command'} "${entry.approval.title}": ${entry.resolved ?? 'pending'}`, '');
				if (entry.approval.command) {
					lines.push('```sh', entry.approval.command, '```', '');
				}
				if (entry.approval.diff) {
					lines.push('```diff', entry.approval.diff, '```', '');
				}
				break;
			case 'arena':
				lines.push(`**Arena: ${entry.table.title}**`, '', '| # | Contestant | Critical/High/Medium/Low | Verification | Completeness problems | Tokens in/out | Cost | Time |', '|---|---|---|---|---|---|---|---|');
				for (const r of entry.table.rows) {
					const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
					lines.push(`| ${r.rank} | ${cell(r.contestant)}${r.error ? ` (${cell(r.error)})` : ''} | ${r.findings.critical}/${r.findings.high}/${r.findings.medium}/${r.findings.low} | ${r.verification} | ${r.completenessProblems} | ${r.inputTokens}/${r.outputTokens} | ${r.costUsd === undefined ? '—' : `$${r.costUsd.toFixed(4)}`} | ${(r.durationMs / 1000).toFixed(1)} s |`);
				}
				lines.push('', `Ranking: ${entry.table.rule}`, '');
				break;
		}
	}
	if (conversation.problems.length > 0) {
		lines.push('---', '', `Turns that could not be read: ${conversation.problems.join('; ')}`, '');
	}
	return lines.join('\n');
}

export function conversationToJson(conversation: Conversation): string {
	const { id, title, createdAt, updatedAt, entries, messages, problems } = conversation;
	return `${JSON.stringify({ id, title, createdAt, updatedAt, entries, messages, problems }, null, 2)}\n`;
}
