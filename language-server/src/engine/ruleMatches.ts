import type { Node, Tree } from 'web-tree-sitter';
import { keyCapture, predicateHolds, rootCapture } from './keyedPatterns';
import type { TextPredicate } from './queryPattern';
import type { Rule } from './rule';
import type { CombinedQuery, KeyedPattern } from './ruleSet';

/** A rule whose pattern matched, with the match's captures (first node per name) and its `@finding` node. */
export interface Candidate {
	readonly rule: Rule;
	readonly captures: Map<string, Node>;
	readonly node: Node;
}

/**
 * Runs the combined query (over the whole tree, or only the given ranges) and turns its matches
 * into candidates: residual patterns directly, index patterns by testing the key's text and then
 * running the keyed rule patterns at that node only.
 */
export function findCandidates(
	set: CombinedQuery,
	tree: Tree,
	text: string,
	wanted: (rule: Rule) => boolean,
	ranges?: ReadonlyArray<{ startIndex: number; endIndex: number }>,
): Candidate[] {
	const query = set.query;
	if (!query) {
		return [];
	}
	const candidates: Candidate[] = [];
	const ran = new Set<string>();
	const regexes = new Map<TextPredicate, RegExp>();
	const run = (pattern: KeyedPattern, root: Node) => {
		if (!pattern.rules.some(wanted)) {
			return;
		}
		const id = `${root.id}:${pattern.order}`;
		if (ran.has(id)) {
			return;
		}
		ran.add(id);
		if (pattern.rootOnly) {
			const rootText = pattern.rootPredicates.length > 0 ? text.slice(root.startIndex, root.endIndex) : '';
			if (pattern.rootPredicates.every((p) => predicateHolds(p, rootText, regexes))) {
				const captures = new Map(pattern.rootCaptures.map((name) => [name, root]));
				push(pattern.rules, captures);
			}
			return;
		}
		const query = pattern.query();
		for (const match of query ? query.matches(root, { maxStartDepth: 0 }) : []) {
			push(pattern.rules, capturesOf(match.captures));
		}
	};
	const push = (rules: readonly Rule[], captures: Map<string, Node>) => {
		const node = captures.get('finding');
		if (node) {
			for (const rule of rules) {
				if (wanted(rule)) {
					candidates.push({ rule, captures, node });
				}
			}
		}
	};
	// Query ranges are byte offsets of the UTF-16 text tree-sitter parsed: two bytes per code unit.
	const matches = ranges ? ranges.flatMap((r) => query.matches(tree.rootNode, { startIndex: r.startIndex * 2, endIndex: r.endIndex * 2 })) : query.matches(tree.rootNode);
	for (const match of matches) {
		const entry = set.indexOfPattern[match.patternIndex];
		if (!entry) {
			push(set.rulesOfPattern[match.patternIndex] ?? [], capturesOf(match.captures));
			continue;
		}
		let root: Node | undefined;
		let key: Node | undefined;
		for (const c of match.captures) {
			if (c.name === rootCapture) {
				root = c.node;
			} else if (c.name === keyCapture) {
				key = c.node;
			}
		}
		if (!root) {
			continue;
		}
		key ??= root;
		const keyText = text.slice(key.startIndex, key.endIndex);
		for (const pattern of entry.byName.get(keyText) ?? []) {
			run(pattern, root);
		}
		const { members, unions } = entry.byRegex;
		if (members.length > 0) {
			// A union that fails rules out all its members; each union runs at most once per key.
			const unionHolds = unions.map(() => undefined as boolean | undefined);
			for (const member of members) {
				if (member.union !== -1) {
					const holds = (unionHolds[member.union] ??= unions[member.union].test(keyText));
					if (!holds) {
						continue;
					}
				}
				if (member.regex.test(keyText)) {
					run(member.value, root);
				}
			}
		}
	}
	return candidates;
}

function capturesOf(list: ReadonlyArray<{ readonly name: string; readonly node: Node }>): Map<string, Node> {
	const captures = new Map<string, Node>();
	for (const c of list) {
		if (!captures.has(c.name)) {
			captures.set(c.name, c.node);
		}
	}
	return captures;
}
