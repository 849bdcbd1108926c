// The adaptive security profile: ten rule-category weights in [0.1, 1] that rise with what the
// scanner finds in this workspace's generated code. Categories at or above the hard threshold are
// hard requirements in the code prompt; the rest are advice. Persisted per workspace under the
// store folder as `security-profile.json` (validated on read: a corrupt file is an error, never
// silently replaced).
import { z } from 'zod';
import { parseDocument } from '../store/analysisStore';
import type { StorePort } from '../store/storePort';

export const PROFILE_CATEGORIES = ['sqlInjection', 'commandInjection', 'codeInjection', 'xss', 'pathTraversal', 'ssrf', 'deserialization', 'secrets', 'crypto', 'authSession'] as const;
export type ProfileCategory = (typeof PROFILE_CATEGORIES)[number];

export const MIN_WEIGHT = 0.1;
export const MAX_WEIGHT = 1;
export const DEFAULT_WEIGHT = 0.3;
export const HARD_THRESHOLD = 0.5;
export const PROFILE_FILE = 'security-profile.json';

const weight = z.number().min(MIN_WEIGHT).max(MAX_WEIGHT);
export const securityProfileSchema = z.object({
	schemaVersion: z.literal(1),
	weights: z.object(Object.fromEntries(PROFILE_CATEGORIES.map((c) => [c, weight])) as Record<ProfileCategory, typeof weight>),
	findingsSeen: z.number().int().nonnegative(),
});
export type SecurityProfile = z.infer<typeof securityProfileSchema>;

const guidance: Record<ProfileCategory, string> = {
	sqlInjection: 'SQL/NoSQL queries use bound parameters only; never build query text from input.',
	commandInjection: 'No shell: execFile/spawn with an argument array and a fixed program.',
	codeInjection: 'No eval, new Function, vm with input, or dynamic require.',
	xss: 'Escape output by context; never write request data into HTML unescaped.',
	pathTraversal: 'Resolve paths against a fixed root and reject anything that leaves it.',
	ssrf: 'Outgoing requests only to an allow-list of hosts; no URLs taken from input.',
	deserialization: 'Parse data with JSON.parse and a schema; never deserialize code or objects from input.',
	secrets: 'No secret in code: read keys and passwords from the environment.',
	crypto: 'Strong algorithms only (bcrypt/scrypt/argon2 for passwords, SHA-256+, crypto.randomBytes).',
	authSession: 'Verify JWT signatures with a pinned algorithm, keep TLS verification on, only same-site redirects.',
};

const cweCategory: Record<number, ProfileCategory> = {
	89: 'sqlInjection', 943: 'sqlInjection', 78: 'commandInjection', 77: 'commandInjection', 94: 'codeInjection', 95: 'codeInjection',
	79: 'xss', 22: 'pathTraversal', 23: 'pathTraversal', 918: 'ssrf', 502: 'deserialization', 798: 'secrets', 259: 'secrets', 321: 'secrets',
	327: 'crypto', 328: 'crypto', 330: 'crypto', 338: 'crypto', 916: 'crypto', 347: 'authSession', 295: 'authSession', 601: 'authSession', 287: 'authSession',
};

export function defaultProfile(): SecurityProfile {
	return { schemaVersion: 1, weights: Object.fromEntries(PROFILE_CATEGORIES.map((c) => [c, DEFAULT_WEIGHT])) as Record<ProfileCategory, number>, findingsSeen: 0 };
}

export function categoryOf(ruleId: string, cwes: readonly number[]): ProfileCategory | undefined {
	for (const cwe of cwes) {
		if (cweCategory[cwe]) {
			return cweCategory[cwe];
		}
	}
	const id = ruleId.toLowerCase();
	return id.includes('sql') ? 'sqlInjection' : id.includes('command') || id.includes('shell') ? 'commandInjection' : id.includes('eval') ? 'codeInjection' : id.includes('xss') ? 'xss' : undefined;
}

const clamp = (n: number): number => Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, Math.round(n * 1000) / 1000));

/** A new profile with the weight of every finding's category raised (more for higher severity). */
export function raiseWeights(profile: SecurityProfile, findings: ReadonlyArray<{ ruleId: string; cwe: readonly number[]; severity: string }>): SecurityProfile {
	const next = structuredClone(profile);
	for (const f of findings) {
		const category = categoryOf(f.ruleId, f.cwe);
		if (category) {
			next.weights[category] = clamp(next.weights[category] + (f.severity === 'error' ? 0.25 : f.severity === 'warning' ? 0.15 : 0.05));
		}
		next.findingsSeen++;
	}
	return next;
}

/** The profile as prompt text: hard requirements first, then advice. */
export function profilePrompt(profile: SecurityProfile): string {
	const sorted = [...PROFILE_CATEGORIES].sort((a, b) => profile.weights[b] - profile.weights[a]);
	const hard = sorted.filter((c) => profile.weights[c] >= HARD_THRESHOLD);
	const advice = sorted.filter((c) => profile.weights[c] < HARD_THRESHOLD);
	return [
		hard.length ? `Hard requirements (the scanner found these in this project before):\n${hard.map((c) => `- MUST: ${guidance[c]}`).join('\n')}` : '',
		`Advice:\n${advice.map((c) => `- ${guidance[c]}`).join('\n')}`,
	].filter(Boolean).join('\n');
}

export async function loadProfile(port: StorePort): Promise<SecurityProfile> {
	const text = await port.read(PROFILE_FILE);
	return text === undefined ? defaultProfile() : parseDocument(PROFILE_FILE, text, securityProfileSchema);
}

export async function saveProfile(port: StorePort, profile: SecurityProfile): Promise<void> {
	await port.writeAtomic(PROFILE_FILE, `${JSON.stringify(securityProfileSchema.parse(profile), null, '\t')}\n`);
}
