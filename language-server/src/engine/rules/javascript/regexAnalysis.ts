/**
 * A small backtracking-risk analyser for JavaScript regular expressions: parses the pattern
 * into groups, alternatives and quantified items and looks for star height > 1 where the
 * inner repetition and the rest of the group can match the same characters.
 */

interface Item {
	/** Which probe characters the item can consume. */
	readonly chars: ReadonlySet<string>;
	min: number;
	max: number;
	readonly alternatives?: Item[][];
}

const probes: readonly string[] = [...Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)), 'é', '\u2028'];

function charsOf(source: string, flags: string): Set<string> {
	const out = new Set<string>();
	let re: RegExp;
	try {
		re = new RegExp(`^(?:${source})$`, flags.replace(/[gymd]/g, ''));
	} catch {
		return new Set(probes);
	}
	for (const p of probes) {
		if (re.test(p)) {
			out.add(p);
		}
	}
	return out;
}

class Parser {
	private i = 0;
	constructor(
		private readonly src: string,
		private readonly flags: string,
	) {}

	parse(): Item[][] {
		return this.alternatives();
	}

	private alternatives(): Item[][] {
		const alts: Item[][] = [this.sequence()];
		while (this.src[this.i] === '|') {
			this.i++;
			alts.push(this.sequence());
		}
		return alts;
	}

	private sequence(): Item[] {
		const items: Item[] = [];
		while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
			const item = this.atom();
			if (item) {
				this.quantifier(item);
				items.push(item);
			} else {
				this.quantifier({ chars: new Set(), min: 0, max: 0 });
			}
		}
		return items;
	}

	/** One atom, or undefined for zero-width assertions. */
	private atom(): Item | undefined {
		const c = this.src[this.i];
		if (c === '(') {
			this.i++;
			let zeroWidth = false;
			if (this.src[this.i] === '?') {
				const m = /^\?(:|=|!|<=|<!|<[\w$]+>)/.exec(this.src.slice(this.i));
				zeroWidth = !!m && m[1] !== ':' && !m[1].endsWith('>');
				this.i += m ? m[0].length : 1;
			}
			const alternatives = this.alternatives();
			this.i++; // ')'
			if (zeroWidth) {
				return undefined;
			}
			const chars = new Set<string>();
			for (const alt of alternatives) {
				for (const item of alt) {
					item.chars.forEach((ch) => chars.add(ch));
				}
			}
			return { chars, min: 1, max: 1, alternatives };
		}
		if (c === '^' || c === '$') {
			this.i++;
			return undefined;
		}
		if (c === '[') {
			const start = this.i;
			this.i++;
			while (this.i < this.src.length && this.src[this.i] !== ']') {
				this.i += this.src[this.i] === '\\' ? 2 : 1;
			}
			this.i++;
			return { chars: charsOf(this.src.slice(start, this.i), this.flags), min: 1, max: 1 };
		}
		if (c === '\\') {
			const esc = /^\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[pP]\{[^}]*\}|k<[^>]*>|\d+|[\s\S])/.exec(this.src.slice(this.i));
			const text = esc ? esc[0] : '\\';
			this.i += text.length;
			if (text === '\\b' || text === '\\B') {
				return undefined;
			}
			if (/^\\(\d+|k<)/.test(text)) {
				return { chars: new Set(probes), min: 1, max: 1 }; // backreference
			}
			return { chars: charsOf(text, this.flags), min: 1, max: 1 };
		}
		this.i++;
		return { chars: charsOf(c === '.' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), this.flags), min: 1, max: 1 };
	}

	private quantifier(item: Item): void {
		const m = /^(\*|\+|\?|\{(\d+)(,(\d*))?\})\??/.exec(this.src.slice(this.i));
		if (!m) {
			return;
		}
		this.i += m[0].length;
		if (m[1] === '*') {
			[item.min, item.max] = [0, Infinity];
		} else if (m[1] === '+') {
			item.max = Infinity;
		} else if (m[1] === '?') {
			item.min = 0;
		} else {
			const n = Number(m[2]);
			item.min = n;
			item.max = m[3] === undefined ? n : m[4] === '' ? Infinity : Number(m[4]);
		}
	}
}

function canRepeat(item: Item): boolean {
	return item.max === Infinity || (item.alternatives ?? []).some((alt) => alt.some(canRepeat));
}

function overlaps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
	for (const ch of a) {
		if (b.has(ch)) {
			return true;
		}
	}
	return false;
}

/** A repeated group whose body can split the same input in many ways. */
function ambiguousGroup(group: Item): string | undefined {
	const alternatives = group.alternatives ?? [];
	for (const alt of alternatives) {
		for (const inner of alt) {
			if (!canRepeat(inner)) {
				continue;
			}
			const others = alt.filter((o) => o !== inner && o.min > 0);
			if (others.every((o) => overlaps(o.chars, inner.chars))) {
				return 'a repeated group contains a repetition that can match the same text in many ways';
			}
		}
	}
	const singles = alternatives.filter((alt) => alt.length === 1 && !alt[0].alternatives && alt[0].max === 1);
	for (let a = 0; a < singles.length; a++) {
		for (let b = a + 1; b < singles.length; b++) {
			if (overlaps(singles[a][0].chars, singles[b][0].chars)) {
				return 'a repeated alternation has branches that match the same character';
			}
		}
	}
	return undefined;
}

function search(alternatives: readonly Item[][]): string | undefined {
	for (const alt of alternatives) {
		for (const item of alt) {
			if (!item.alternatives) {
				continue;
			}
			if (item.max === Infinity || item.max >= 10) {
				const why = ambiguousGroup(item);
				if (why) {
					return why;
				}
			}
			const nested = search(item.alternatives);
			if (nested) {
				return nested;
			}
		}
	}
	return undefined;
}

/** Why the pattern can backtrack catastrophically, or undefined when it looks linear. */
export function redosRisk(pattern: string, flags = ''): string | undefined {
	if (pattern.length > 2000) {
		return undefined;
	}
	try {
		return search(new Parser(pattern, flags).parse());
	} catch {
		return undefined;
	}
}
