import type { ParsedPattern, PatternNode, TextPredicate } from './queryPattern';

/**
 * Index patterns. A rule pattern such as
 *   (call function: [(identifier) @fn (attribute attribute: (identifier) @fn)] … (#any-of? @fn "eval" "exec"))
 * would make tree-sitter report every call in the file, once per such pattern, and only then test
 * the names in JavaScript. Instead the engine runs one small *index* pattern per distinct path to
 * the tested capture, `(call function: (identifier) @rampart.key) @rampart.root`, shared by every
 * rule that tests a name there, looks the key's text up in a map of names (or tests the regexes),
 * and runs a rule's own pattern only at the nodes whose key passed. The index is a relaxation of
 * the pattern, so it never loses a match; the rule's pattern, run by tree-sitter, decides.
 */

export const keyCapture = 'rampart.key';
export const rootCapture = 'rampart.root';

/** How the key's text is tested before the rule's own pattern runs. */
export type KeyTest = { readonly kind: 'names'; readonly names: readonly string[] } | { readonly kind: 'regex'; readonly regex: RegExp };

/** One way to index a pattern: a predicate on one capture and the index patterns that reach it. */
export interface KeyOption {
	readonly predicate: TextPredicate;
	readonly test: KeyTest;
	/** One index pattern per path from the root to the capture (alternatives give several). */
	readonly sources: readonly string[];
}

type Step = { readonly field?: string; readonly node: PatternNode };

/** The test a positive text predicate with literal operands makes of its capture's text. */
function testOf(predicate: TextPredicate): KeyTest | undefined {
	const literals = predicate.values.filter((v): v is string => v !== undefined);
	if (literals.length !== predicate.values.length || literals.length === 0) {
		return undefined;
	}
	switch (predicate.operator) {
		case 'eq?':
			return literals.length === 1 ? { kind: 'names', names: literals } : undefined;
		case 'any-of?':
			return { kind: 'names', names: literals };
		case 'match?':
			return literals.length === 1 ? { kind: 'regex', regex: new RegExp(literals[0]) } : undefined;
		default:
			return undefined;
	}
}

/** Every path from the root to a node capturing `capture`; undefined if one runs where no index can follow. */
function pathsTo(root: PatternNode, capture: string): Step[][] | undefined {
	const paths: Step[][] = [];
	let usable = true;
	const visit = (steps: Step[]) => {
		const { node } = steps[steps.length - 1];
		if (node.kind === 'anchor') {
			return;
		}
		if (node.captures.includes(capture)) {
			paths.push(steps);
		}
		if (node.kind === 'alternation') {
			const field = steps[steps.length - 1].field;
			for (const option of node.options) {
				visit([...steps.slice(0, -1), { ...(field ? { field } : {}), node: option }]);
			}
		} else if (node.kind === 'group') {
			usable = usable && !JSON.stringify(node).includes(`"${capture}"`);
		} else {
			for (const child of node.children) {
				if (child.node.kind !== 'anchor' && child.node.quantifier) {
					usable = usable && !JSON.stringify(child.node).includes(`"${capture}"`);
					continue;
				}
				visit([...steps, child]);
			}
		}
	};
	visit([{ node: root }]);
	return usable && paths.length > 0 ? paths : undefined;
}

function quote(text: string): string {
	return `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

/** A node on the path without its children (the index keeps only the path). */
function bare(node: PatternNode): string | undefined {
	if (node.kind === 'node') {
		return node.named ? `(${node.type})` : node.type === '_' ? '_' : quote(node.type);
	}
	if (node.kind === 'alternation') {
		const options = node.options.map(bare);
		return options.every((o) => o !== undefined) ? `[${options.join(' ')}]` : undefined;
	}
	return undefined;
}

/** The index pattern for one path: the root's type, then only the steps that lead to the key. */
function render(path: readonly Step[]): string | undefined {
	const root = path[0].node;
	if (root.kind !== 'node') {
		return undefined;
	}
	if (path.length === 1) {
		return `(${root.type}) @${rootCapture}`;
	}
	const leaf = bare(path[path.length - 1].node);
	if (!leaf) {
		return undefined;
	}
	let inner = `${leaf} @${keyCapture}`;
	for (let i = path.length - 1; i >= 1; i--) {
		const parent = path[i - 1].node;
		if (parent.kind !== 'node' || !parent.named) {
			return undefined;
		}
		const field = path[i].field;
		inner = `(${i === 1 ? root.type : parent.type} ${field ? `${field}: ` : ''}${inner})`;
	}
	return `${inner} @${rootCapture}`;
}

/** Every way the pattern can be indexed (none when no positive literal predicate can be reached). */
export function keyOptions(pattern: ParsedPattern, root: PatternNode): KeyOption[] {
	const options: KeyOption[] = [];
	for (const predicate of pattern.predicates) {
		let test: KeyTest | undefined;
		try {
			test = testOf(predicate);
		} catch {
			test = undefined; // An invalid regex: tree-sitter reports it when the rule's own query compiles.
		}
		const paths = test ? pathsTo(root, predicate.capture) : undefined;
		const sources = paths?.map(render);
		if (test && sources && sources.every((s): s is string => s !== undefined)) {
			options.push({ predicate, test, sources: [...new Set(sources)] });
		}
	}
	return options;
}

const knownOperators = new Set(['eq?', 'not-eq?', 'any-of?', 'not-any-of?', 'match?', 'not-match?']);

/** A pattern that is only its root node (with captures) and predicates on it: the index match is the whole match. */
export function isRootOnly(pattern: ParsedPattern, root: PatternNode): boolean {
	return (
		root.kind === 'node' &&
		root.children.length === 0 &&
		pattern.predicates.every((p) => root.captures.includes(p.capture) && knownOperators.has(p.operator) && p.values.length > 0 && p.values.every((v) => v !== undefined))
	);
}

/** A text predicate evaluated on a capture's text, as web-tree-sitter evaluates it. */
export function predicateHolds(predicate: TextPredicate, text: string, regexes: Map<TextPredicate, RegExp>): boolean {
	const values = predicate.values as readonly string[];
	switch (predicate.operator) {
		case 'eq?':
			return text === values[0];
		case 'not-eq?':
			return text !== values[0];
		case 'any-of?':
			return values.includes(text);
		case 'not-any-of?':
			return !values.includes(text);
		case 'match?':
		case 'not-match?': {
			let regex = regexes.get(predicate);
			if (!regex) {
				regex = new RegExp(values[0]);
				regexes.set(predicate, regex);
			}
			return regex.test(text) === (predicate.operator === 'match?');
		}
		default:
			return false;
	}
}
