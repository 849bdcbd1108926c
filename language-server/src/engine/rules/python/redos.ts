import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import { argumentOf, calleeName, constantText, firstArgument, fromLocalUser, unguardedTaint } from './pyHelpers';

const query = `
(call
  function: (attribute object: (identifier) @module attribute: (identifier) @fn)
  arguments: (argument_list . (_))
  (#any-of? @module "re" "regex")
  (#any-of? @fn "compile" "match" "fullmatch" "search" "findall" "finditer" "sub" "subn" "split")) @finding
`;

/** One parsed piece of a regex sequence: whether it can repeat without bound, be empty, and what it matches. */
interface Atom {
	readonly unbounded: boolean;
	readonly optional: boolean;
	/** For groups: the alternatives inside, as sequences of atoms. */
	readonly branches?: Atom[][];
	readonly text: string;
}

/** A tiny regex reader, enough to find quantified groups whose body can itself repeat (catastrophic backtracking). */
function parseSequence(source: string, start: number): { branches: Atom[][]; end: number } {
	const branches: Atom[][] = [[]];
	let i = start;
	while (i < source.length) {
		const c = source[i];
		if (c === ')') {
			return { branches, end: i + 1 };
		}
		if (c === '|') {
			branches.push([]);
			i++;
			continue;
		}
		let text: string;
		let inner: Atom[][] | undefined;
		if (c === '\\') {
			text = source.slice(i, i + 2);
			i += 2;
		} else if (c === '[') {
			let j = i + 1;
			if (source[j] === '^') {
				j++;
			}
			if (source[j] === ']') {
				j++;
			}
			while (j < source.length && source[j] !== ']') {
				j += source[j] === '\\' ? 2 : 1;
			}
			text = source.slice(i, j + 1);
			i = j + 1;
		} else if (c === '(') {
			let j = i + 1;
			if (source[j] === '?') {
				// (?:…), (?P<name>…), (?=…), (?!…), (?<=…), flags: skip the group prefix.
				const prefix = /^\?(:|P<\w+>|<\w+>|=|!|<=|<!|[aiLmsux-]+:|[aiLmsux]+\))/.exec(source.slice(j));
				j += prefix ? prefix[0].length : 1;
				if (prefix && prefix[0].endsWith(')')) {
					i = j;
					continue;
				}
			}
			const group = parseSequence(source, j);
			inner = group.branches;
			text = source.slice(i, group.end);
			i = group.end;
		} else {
			text = c;
			i++;
		}
		const q = /^(\*|\+|\?|\{(\d*)(,?)(\d*)\})\??\+?/.exec(source.slice(i));
		let unbounded = false;
		let optional = false;
		if (q) {
			i += q[0].length;
			unbounded = q[1] === '*' || q[1] === '+' || (q[3] === ',' && q[4] === '');
			optional = q[1] === '*' || q[1] === '?' || (q[1].startsWith('{') && (q[2] === '' || q[2] === '0'));
		}
		branches[branches.length - 1].push({ unbounded, optional, branches: inner, text });
	}
	return { branches, end: i };
}

/** Can this sequence match two ways on the same text when repeated: only repeatable or optional atoms, at least one repeatable. */
function isAmbiguousBody(sequence: readonly Atom[]): boolean {
	const required = sequence.filter((a) => !a.optional);
	const repeatable = sequence.some((a) => a.unbounded || (a.branches?.some((b) => isAmbiguousBody(b)) ?? false));
	return repeatable && required.every((a) => a.unbounded || (a.branches?.some((b) => isAmbiguousBody(b)) ?? false));
}

/** The first `(x+)+`-style construct: an unbounded quantifier on a group whose body repeats on its own. */
export function nestedQuantifier(source: string): string | undefined {
	const visit = (sequence: readonly Atom[]): string | undefined => {
		for (const atom of sequence) {
			if (!atom.branches) {
				continue;
			}
			if (atom.unbounded && atom.branches.some((b) => isAmbiguousBody(b))) {
				return atom.text;
			}
			for (const branch of atom.branches) {
				const found = visit(branch);
				if (found) {
					return found;
				}
			}
		}
		return undefined;
	};
	return visit(parseSequence(source, 0).branches.flat());
}

function isRegexCall(ctx: MatchContext): boolean {
	return /^(re|regex)\.\w+$/.test(calleeName(ctx, ctx.node));
}

const shared = {
	languages: pyLanguages,
	vulnClass: 'redos',
	cwe: [1333],
	owasp: owasp.design,
	query,
} as const;

/** A regex with nested unbounded quantifiers: exponential backtracking on crafted input. */
export const pyRedosNested: Rule = {
	...shared,
	id: 'rampart.py.redos.nested-quantifier',
	severity: 'warning',
	precision: 'high',
	message: 'This regular expression has nested quantifiers and can take exponential time on crafted input (ReDoS).',
	help:
		'Python\'s `re` engine backtracks. A repeated group whose body can itself repeat, like `(a+)+`, `(\\w*)*` or `(\\d+\\s?)+$`, gives the engine ' +
		'exponentially many ways to split a near-matching string, so a 30-character input can block a worker for minutes. ' +
		'Rewrite the pattern so each character can be matched one way only (`\\w+` instead of `(\\w+)+`; put a required separator inside the group, ' +
		'as in `(\\w+\\.)+`), bound the input length before matching, or use the `re2`/`regex` engines with a timeout.',
	check: (ctx) => {
		const pattern = firstArgument(ctx.node);
		const source = constantText(pattern);
		if (source === undefined || !isRegexCall(ctx)) {
			return false;
		}
		const construct = nestedQuantifier(source);
		return construct ? { message: `The group ${construct.slice(0, 40)} repeats a sub-pattern that itself repeats; crafted input makes matching take exponential time (ReDoS).` } : false;
	},
};

/** Untrusted data used as a regular expression. */
export const pyRedosTainted: Rule = {
	...shared,
	id: 'rampart.py.redos.tainted-pattern',
	severity: 'warning',
	precision: 'high',
	message: 'Untrusted data is compiled as a regular expression; a crafted pattern can hang the worker (ReDoS).',
	help:
		'When request data becomes the pattern, the attacker chooses a catastrophic one (`(a+)+$`) and a matching input, and also gains regex ' +
		'features you did not intend (wildcards that bypass a filter). To search for user text, escape it: `re.search(re.escape(term), text)`. ' +
		'If users must supply patterns, run them with a linear-time engine (`google-re2`) or a strict timeout, and cap their length. ' +
		'Patterns from command-line arguments (a grep-like CLI) are not reported.',
	check: (ctx) => {
		const pattern = argumentOf(ctx.node, 0, 'pattern');
		const taint = pattern && isRegexCall(ctx) ? unguardedTaint(ctx.node, pattern, ctx.taint) : undefined;
		return taint && !fromLocalUser(taint) ? { taint } : false;
	},
};
