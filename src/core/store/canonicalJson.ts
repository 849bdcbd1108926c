import { createHash } from 'node:crypto';

/** Keys that read best first; every other key follows in code-point order. */
const LEADING_KEYS = ['schemaVersion', 'id', 'kind', 'label', 'title', 'name', 'source', 'target'];

function compareKeys(a: string, b: string): number {
	const ia = LEADING_KEYS.indexOf(a);
	const ib = LEADING_KEYS.indexOf(b);
	if (ia !== -1 || ib !== -1) {
		return (ia === -1 ? LEADING_KEYS.length : ia) - (ib === -1 ? LEADING_KEYS.length : ib);
	}
	return a < b ? -1 : a > b ? 1 : 0;
}

function normalise(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value.map(normalise);
	}
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(value).sort(compareKeys)) {
			const v = (value as Record<string, unknown>)[key];
			if (v !== undefined) {
				out[key] = normalise(v);
			}
		}
		return out;
	}
	return value;
}

/** Deterministic, diffable JSON: stable key order, 2-space indent, trailing newline. */
export function canonicalJson(value: unknown): string {
	return `${JSON.stringify(normalise(value), null, 2)}\n`;
}

export function sha256(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}
