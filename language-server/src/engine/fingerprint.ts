import { createHash } from 'node:crypto';

/**
 * A fingerprint that survives edits elsewhere in the file: it hashes the rule id, the
 * whitespace-normalised text of the finding's line and how many identical lines came before.
 */
export function fingerprintOf(ruleId: string, lineText: string, occurrence: number): string {
	const normalised = lineText.replace(/\s+/g, ' ').trim();
	return createHash('sha256').update(`${ruleId}\u0000${normalised}\u0000${occurrence}`).digest('hex').slice(0, 32);
}
