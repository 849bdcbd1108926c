// Tolerant JSON extraction from model text: code fences, prose around the value, trailing commas.

export type Extracted = { ok: true; value: unknown } | { ok: false; error: string };

/** Returns the balanced `{…}` or `[…]` starting at `start`, respecting strings; undefined if unbalanced. */
function balancedAt(text: string, start: number): string | undefined {
	const stack: string[] = [];
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const ch = text[i];
		if (inString) {
			if (ch === '\\') {
				i++;
			} else if (ch === '"') {
				inString = false;
			}
			continue;
		}
		if (ch === '"') {
			inString = true;
		} else if (ch === '{' || ch === '[') {
			stack.push(ch === '{' ? '}' : ']');
		} else if (ch === '}' || ch === ']') {
			if (stack.pop() !== ch) {
				return undefined;
			}
			if (stack.length === 0) {
				return text.slice(start, i + 1);
			}
		}
	}
	return undefined;
}

/** Removes commas that directly precede `}` or `]`, outside strings. */
export function stripTrailingCommas(json: string): string {
	let out = '';
	let inString = false;
	for (let i = 0; i < json.length; i++) {
		const ch = json[i];
		if (inString) {
			out += ch;
			if (ch === '\\' && i + 1 < json.length) {
				out += json[++i];
			} else if (ch === '"') {
				inString = false;
			}
			continue;
		}
		if (ch === '"') {
			inString = true;
		} else if (ch === ',') {
			const rest = json.slice(i + 1).match(/^\s*([}\]])/);
			if (rest) {
				continue;
			}
		}
		out += ch;
	}
	return out;
}

function tryParse(candidate: string): Extracted {
	for (const text of [candidate, stripTrailingCommas(candidate)]) {
		try {
			return { ok: true, value: JSON.parse(text) as unknown };
		} catch (error) {
			if (text !== candidate) {
				return { ok: false, error: (error as Error).message };
			}
		}
	}
	return { ok: false, error: 'unreachable' };
}

/** Finds the JSON value in a model's answer; tries fenced blocks first, then the first balanced value. */
export function extractJson(text: string): Extracted {
	const trimmed = text.trim();
	if (trimmed === '') {
		return { ok: false, error: 'The answer is empty.' };
	}
	const direct = tryParse(trimmed);
	if (direct.ok) {
		return direct;
	}
	const candidates: string[] = [];
	for (const match of trimmed.matchAll(/```[a-zA-Z0-9_-]*[ \t]*\r?\n([\s\S]*?)```/g)) {
		candidates.push(match[1].trim());
	}
	for (let i = 0; i < trimmed.length && candidates.length < 24; i++) {
		if (trimmed[i] === '{' || trimmed[i] === '[') {
			const value = balancedAt(trimmed, i);
			if (value) {
				candidates.push(value);
			}
		}
	}
	let lastError = direct.error;
	for (const candidate of candidates) {
		const parsed = tryParse(candidate);
		if (parsed.ok) {
			return parsed;
		}
		lastError = parsed.error;
	}
	return { ok: false, error: `No valid JSON found in the answer (${lastError}).` };
}
