import type { EngineNotice } from './types';

/** A suppression comment found in the source. */
export interface SuppressionDirective {
	readonly line: number;
	/** Rule ids it names; empty means "every Rampart rule" (plain `# nosec` / `nosemgrep`). */
	readonly ruleIds: readonly string[];
	readonly justification: string;
	/** True when the comment is alone on its line, so it also covers the next line. */
	readonly ownLine: boolean;
}

const rampartIgnore = /rampart-ignore:?\s*([\w.,*-]*)\s*(.*)$/;
const nosec = /#\s*nosec\b(.*)$/i;
const nosemgrep = /nosemgrep\b:?\s*([\w.,-]*)\s*(.*)$/i;
const commentOnly = /^\s*(#|\/\/|\/\*|\*)/;

/** Finds suppression comments and reports the malformed ones as notices. */
export function parseSuppressions(source: string): { directives: SuppressionDirective[]; notices: EngineNotice[] } {
	const directives: SuppressionDirective[] = [];
	const notices: EngineNotice[] = [];
	if (!/rampart-ignore|nosec|nosemgrep/i.test(source)) {
		return { directives, notices };
	}
	const lines = source.split('\n');
	for (let line = 0; line < lines.length; line++) {
		const text = lines[line];
		if (!/rampart-ignore|nosec|nosemgrep/i.test(text)) {
			continue;
		}
		const ownLine = commentOnly.test(text);
		const r = rampartIgnore.exec(text);
		if (r) {
			const ids = r[1].split(',').filter((id) => id.length > 0);
			const reason = r[2].replace(/\*\/\s*$/, '').trim();
			const column = text.indexOf('rampart-ignore');
			const range = { start: { line, character: column }, end: { line, character: text.length } };
			if (ids.length === 0 || !ids.every((id) => id.startsWith('rampart.'))) {
				notices.push({ range, code: 'rampart.suppression.malformed', message: 'rampart-ignore must name a Rampart rule id (rampart.…) followed by a reason.' });
				continue;
			}
			if (reason.length === 0) {
				notices.push({ range, code: 'rampart.suppression.no-reason', message: `rampart-ignore for ${ids.join(', ')} has no reason, so it suppresses nothing. Write the reason after the rule id.` });
				continue;
			}
			directives.push({ line, ruleIds: ids, justification: reason, ownLine });
			continue;
		}
		const s = nosec.exec(text);
		if (s) {
			const rest = s[1].trim();
			// `# nosec B602` names a Bandit test: it is Bandit's, not ours.
			if (rest === '' || !/^[A-Z]\d{3}/.test(rest)) {
				directives.push({ line, ruleIds: [], justification: rest.replace(/^[-:\s]+/, '') || 'nosec', ownLine });
			}
			continue;
		}
		const g = nosemgrep.exec(text);
		if (g) {
			const ids = g[1].split(',').filter((id) => id.length > 0);
			if (ids.length === 0) {
				directives.push({ line, ruleIds: [], justification: g[2].trim() || 'nosemgrep', ownLine });
			} else if (ids.some((id) => id.startsWith('rampart.'))) {
				directives.push({ line, ruleIds: ids.filter((id) => id.startsWith('rampart.')), justification: g[2].trim() || 'nosemgrep', ownLine });
			}
		}
	}
	return { directives, notices };
}

/** The directive that suppresses a finding of `ruleId` on `line`, if any. */
export function findSuppression(directives: readonly SuppressionDirective[], ruleId: string, line: number): SuppressionDirective | undefined {
	return directives.find(
		(d) => (d.line === line || (d.line === line - 1 && d.ownLine)) && (d.ruleIds.length === 0 || d.ruleIds.includes(ruleId) || d.ruleIds.includes('*')),
	);
}
