import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { Finding } from './types';

/** Where the baseline lives inside a workspace. */
export const defaultBaselinePath = join('.rampart', 'baseline.json');

const entrySchema = z.strictObject({
	fingerprint: z.string().regex(/^[0-9a-f]{8,64}$/, 'must be a hex fingerprint'),
	ruleId: z.string().min(1),
	path: z.string().min(1),
});

const baselineSchema = z.strictObject({
	version: z.literal(1),
	findings: z.array(entrySchema),
});

export type BaselineEntry = z.infer<typeof entrySchema>;
export type Baseline = z.infer<typeof baselineSchema>;

export type LoadedBaseline =
	| { readonly ok: true; readonly baseline: Baseline; readonly exists: boolean }
	| { readonly ok: false; readonly error: string };

export function emptyBaseline(): Baseline {
	return { version: 1, findings: [] };
}

/**
 * Reads and validates a baseline file. A missing file is an empty baseline (`exists: false`);
 * unreadable or corrupt files give a message naming the file and the problem, never a throw.
 */
export async function loadBaseline(path: string): Promise<LoadedBaseline> {
	let text: string;
	try {
		text = await fs.readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			return { ok: true, baseline: emptyBaseline(), exists: false };
		}
		return { ok: false, error: `Cannot read the baseline ${path}: ${code ?? (error as Error).message}.` };
	}
	return parseBaseline(text, path);
}

/** Validates baseline text; `path` only names the file in messages. */
export function parseBaseline(text: string, path: string): LoadedBaseline {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		return { ok: false, error: `The baseline ${path} is not valid JSON (${(error as Error).message}). Fix it or delete it and run with --update-baseline.` };
	}
	const parsed = baselineSchema.safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
		const count = parsed.error.issues.length;
		return {
			ok: false,
			error: `The baseline ${path} is not a Rampart baseline: ${where}: ${issue.message}${count > 1 ? ` (and ${count - 1} more problem${count > 2 ? 's' : ''})` : ''}. Expected { "version": 1, "findings": [{ "fingerprint", "ruleId", "path" }] }.`,
		};
	}
	return { ok: true, baseline: parsed.data, exists: true };
}

function keyOf(fingerprint: string, ruleId: string, path: string): string {
	return `${path}\u0000${ruleId}\u0000${fingerprint}`;
}

const keyCache = new WeakMap<Baseline, ReadonlySet<string>>();

function keysOf(baseline: Baseline): ReadonlySet<string> {
	let keys = keyCache.get(baseline);
	if (!keys) {
		keys = new Set(baseline.findings.map((e) => keyOf(e.fingerprint, e.ruleId, e.path)));
		keyCache.set(baseline, keys);
	}
	return keys;
}

/** Marks the findings the baseline records for this file as suppressed (inline suppressions win). */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, relativePath: string): Finding[] {
	const keys = keysOf(baseline);
	return findings.map((f) =>
		!f.suppression && keys.has(keyOf(f.fingerprint, f.ruleId, relativePath)) ? { ...f, suppression: { kind: 'baseline' as const, justification: 'in baseline' } } : f,
	);
}

/** A new baseline that also records these findings of one file (inline-suppressed ones are left out). */
export function addToBaseline(baseline: Baseline, findings: readonly Finding[], relativePath: string): Baseline {
	const keys = new Set(keysOf(baseline));
	const entries = [...baseline.findings];
	for (const f of findings) {
		if (f.suppression?.kind === 'inline') {
			continue;
		}
		const key = keyOf(f.fingerprint, f.ruleId, relativePath);
		if (!keys.has(key)) {
			keys.add(key);
			entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: relativePath });
		}
	}
	entries.sort((a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint));
	return { version: 1, findings: entries };
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable text of a baseline (sorted entries, two-space indent, final newline) for diffs. */
export function serializeBaseline(baseline: Baseline): string {
	return `${JSON.stringify({ version: 1, findings: baseline.findings.map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, path: e.path })) }, null, 2)}\n`;
}

export async function saveBaseline(path: string, baseline: Baseline): Promise<void> {
	await writeFileAtomic(path, serializeBaseline(baseline));
}

/**
 * Writes a file so that readers see the old or the new content, never a half-written one:
 * a temp file in the same folder, flushed, then renamed over the target.
 */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
	let path = target;
	try {
		path = await fs.realpath(target); // Write through a symbolic link, not over it.
		if (!(await fs.stat(path)).isFile()) {
			await fs.writeFile(path, content); // A device or pipe (/dev/stdout, /dev/null) cannot be replaced.
			return;
		}
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw error;
		}
	}
	const dir = dirname(path);
	await fs.mkdir(dir, { recursive: true });
	const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
	try {
		const handle = await fs.open(temp, 'wx', 0o644);
		try {
			await handle.writeFile(content);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await fs.rename(temp, path);
	} catch (error) {
		await fs.rm(temp, { force: true });
		throw error;
	}
}
