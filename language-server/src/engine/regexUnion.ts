/**
 * Regex unions. Many rules test a node's text with regexes that differ only in one group, e.g.
 * `^CHAIN(?<![\w$])(?:query|execute)\s*\(` and `^CHAIN(?<![\w$])(?:exec|spawn)\s*\(`. Testing
 * each of them on every call costs one regex run per rule; testing first the union
 * `^CHAIN(?<![\w$])(?:query|execute|exec|spawn)\s*\(` costs one run for the many texts no
 * member matches. The union matches exactly when some member does (alternation in a group that is
 * not quantified, with no back-references), so a failed union safely skips all its members.
 */

/** Regexes in their original order, each with the union (shared by its group) to test first, if any. */
export interface RegexGroupMember<T> {
	readonly regex: RegExp;
	readonly value: T;
	/** Index into `unions`, or -1 when the regex is tested on its own. */
	readonly union: number;
}

export interface RegexGroups<T> {
	readonly members: ReadonlyArray<RegexGroupMember<T>>;
	readonly unions: readonly RegExp[];
}

interface Split {
	/** The text around the group, as one key. */
	readonly shape: string;
	readonly prefix: string;
	readonly suffix: string;
	readonly middle: string;
}

/** The position just after the `)` closing the group that opens at `open`, or -1. */
function closeOf(source: string, open: number): number {
	let depth = 0;
	for (let i = open; i < source.length; i++) {
		const c = source[i];
		if (c === '\\') {
			i++;
		} else if (c === '[') {
			for (i++; i < source.length && source[i] !== ']'; i++) {
				if (source[i] === '\\') {
					i++;
				}
			}
		} else if (c === '(') {
			depth++;
		} else if (c === ')') {
			depth--;
			if (depth === 0) {
				return i + 1;
			}
		}
	}
	return -1;
}

/** Every way to read the source as PREFIX(?:MIDDLE)SUFFIX with an unquantified group. */
function splitsOf(source: string): Split[] {
	// Back-references and named groups would change meaning (or fail) when groups are joined.
	if (/\\[1-9]|\\k<|\(\?<[^=!]/.test(source)) {
		return [];
	}
	const splits: Split[] = [];
	for (let open = source.indexOf('(?:'); open !== -1; open = source.indexOf('(?:', open + 1)) {
		if (open > 0 && isEscaped(source, open)) {
			continue;
		}
		const end = closeOf(source, open);
		if (end === -1 || /^[*+?{]/.test(source.slice(end))) {
			continue;
		}
		const prefix = source.slice(0, open);
		const suffix = source.slice(end);
		splits.push({ shape: JSON.stringify([prefix, suffix]), prefix, suffix, middle: source.slice(open + 3, end - 1) });
	}
	return splits;
}

/** Whether the character at `index` is escaped or inside a character class. */
function isEscaped(source: string, index: number): boolean {
	let inClass = false;
	for (let i = 0; i < index; i++) {
		const c = source[i];
		if (c === '\\') {
			if (i + 1 === index) {
				return true;
			}
			i++;
		} else if (c === '[') {
			inClass = true;
		} else if (c === ']') {
			inClass = false;
		}
	}
	return inClass;
}

/**
 * Groups flag-less regexes that share a shape (same text around one group) under one union.
 * Regexes with flags, or without a shape shared by another, are tested on their own.
 */
export function groupRegexes<T>(list: ReadonlyArray<{ readonly regex: RegExp; readonly value: T }>): RegexGroups<T> {
	const splits = list.map((item) => (item.regex.flags === '' ? splitsOf(item.regex.source) : []));
	const popularity = new Map<string, number>();
	for (const options of splits) {
		for (const shape of new Set(options.map((s) => s.shape))) {
			popularity.set(shape, (popularity.get(shape) ?? 0) + 1);
		}
	}
	const chosen = splits.map((options) => {
		let best: Split | undefined;
		for (const s of options) {
			if ((popularity.get(s.shape) ?? 0) >= 2 && (!best || (popularity.get(s.shape) ?? 0) > (popularity.get(best.shape) ?? 0))) {
				best = s;
			}
		}
		return best;
	});
	const groups = new Map<string, Split[]>();
	for (const s of chosen) {
		if (s) {
			groups.set(s.shape, [...(groups.get(s.shape) ?? []), s]);
		}
	}
	const unionIndex = new Map<string, number>();
	const unions: RegExp[] = [];
	for (const [shape, parts] of groups) {
		if (parts.length < 2) {
			continue;
		}
		const { prefix, suffix } = parts[0];
		try {
			unions.push(new RegExp(`${prefix}(?:${[...new Set(parts.map((p) => p.middle))].join('|')})${suffix}`));
			unionIndex.set(shape, unions.length - 1);
		} catch {
			// A union that does not compile leaves its members to be tested on their own.
		}
	}
	const members = list.map((item, i) => {
		const shape = chosen[i]?.shape;
		return { regex: item.regex, value: item.value, union: shape === undefined ? -1 : (unionIndex.get(shape) ?? -1) };
	});
	return { members, unions };
}

/**
 * Whether a match of the regex in a part of a text is also a match in the whole text: no anchors,
 * word boundaries, lookarounds or flags, which could hold at the edge of the part only.
 */
export function matchesWithinText(regex: RegExp): boolean {
	const source = regex.source.replace(/\\[^bB]/g, '').replace(/\[\^/g, '[');
	return regex.flags === '' && !/[\^$]|\\[bB]|\(\?<?[=!]/.test(source);
}
