import type { Node } from 'web-tree-sitter';
import type { ScopeFacts } from './facts';
import { type Resolver, shapeOf } from './strings';
import type { EvidenceLocation, ProtectionKind } from './types';

export type Scope = Exclude<EvidenceLocation, 'justification'>;

/** A test on one value node. Every given field must hold. */
export interface ValueTest {
	/** The node's type (`array`, `list`, `false`…). */
	readonly type?: RegExp;
	readonly text?: RegExp;
	/** A string literal with no interpolation whose text matches. */
	readonly literal?: RegExp;
	/** A string built from interpolated values whose literal parts match. */
	readonly dynamic?: RegExp;
	/** Interpolated expressions matching this do not make the string dynamic (an escaping call). */
	readonly safe?: RegExp;
}

interface PatternBase {
	/** Evidence or violation in words: "parameterised query". */
	readonly describe: string;
	/** Where the pattern may be found (defaults: evidence anywhere but the module, violations in function and helpers). */
	readonly scopes?: readonly Scope[];
}

export type Pattern = PatternBase &
	(
		| {
				/** Callee text (`db.query`, `bcrypt.hash`, a middleware name). */
				readonly call: RegExp;
				readonly arg?: ValueTest & { readonly index: number };
				/** Some argument passes the test. */
				readonly anyArg?: ValueTest;
				readonly minArgs?: number;
				/** An object property or keyword argument of the call passes the test. */
				readonly pair?: ValueTest & { readonly key: RegExp };
				/** No object property or keyword argument has a key matching this. */
				readonly lacksPair?: RegExp;
		  }
		| { readonly assign: RegExp; readonly value?: ValueTest }
		| { readonly member: RegExp }
		| { readonly decorator: RegExp }
		| { readonly annotation: RegExp }
		| { readonly returns: ValueTest }
	);

export interface LanguageRules {
	readonly evidence: readonly Pattern[];
	readonly violations?: readonly Pattern[];
}

/** One protection-evidence checker: data only, like a SAST rule. */
export interface CheckerSpec {
	readonly kind: ProtectionKind;
	/** The protection in words, for messages. */
	readonly title: string;
	readonly cwes: readonly number[];
	/** Matched against a threat's `requiredProtection` when its CWE names no checker. */
	readonly keywords: RegExp;
	readonly javascript: LanguageRules;
	readonly python: LanguageRules;
}

export function testValue(node: Node | undefined, t: ValueTest, resolve: Resolver): boolean {
	if (!node) {
		return false;
	}
	if (t.type && !t.type.test(node.type)) {
		return false;
	}
	if (t.text && !t.text.test(node.text)) {
		return false;
	}
	if (t.literal || t.dynamic) {
		const shape = shapeOf(node, resolve);
		if (!shape.isString) {
			return false;
		}
		const spliced = shape.interpolated.filter((n) => !(t.safe && t.safe.test(n.text.replace(/\s+/g, ''))));
		if (t.literal && (shape.interpolated.length > 0 || !t.literal.test(shape.staticText))) {
			return false;
		}
		if (t.dynamic && (spliced.length === 0 || !t.dynamic.test(shape.staticText))) {
			return false;
		}
	}
	return true;
}

/** The first node in `facts` that matches the pattern. */
export function findPattern(p: Pattern, facts: ScopeFacts, resolve: Resolver): Node | undefined {
	if ('call' in p) {
		for (const c of facts.calls) {
			if (!p.call.test(c.callee)) {
				continue;
			}
			if (p.minArgs !== undefined && c.args.filter((a) => a.type !== 'keyword_argument').length < p.minArgs) {
				continue;
			}
			if (p.arg && !testValue(c.args[p.arg.index], p.arg, resolve)) {
				continue;
			}
			if (p.anyArg && !c.args.some((a) => testValue(a, p.anyArg as ValueTest, resolve))) {
				continue;
			}
			if (p.pair && ![...c.pairs].some(([k, v]) => (p.pair as { key: RegExp }).key.test(k) && testValue(v, p.pair as ValueTest, resolve))) {
				continue;
			}
			if (p.lacksPair && [...c.pairs.keys()].some((k) => (p.lacksPair as RegExp).test(k))) {
				continue;
			}
			return c.node;
		}
		return undefined;
	}
	if ('assign' in p) {
		return facts.pairs.find((f) => p.assign.test(f.key) && (!p.value || testValue(f.value, p.value, resolve)))?.node;
	}
	if ('member' in p) {
		return facts.members.find((m) => p.member.test(m.text))?.node;
	}
	if ('decorator' in p) {
		return facts.decorators.find((d) => p.decorator.test(d.text))?.node;
	}
	if ('annotation' in p) {
		return facts.annotations.find((a) => p.annotation.test(a.text))?.node;
	}
	return facts.returns.find((r) => testValue(r, p.returns, resolve));
}

/** A resolver of local names to the value last assigned to them in `facts`. */
export function resolverOf(...all: readonly ScopeFacts[]): Resolver {
	const values = new Map<string, Node>();
	for (const facts of all) {
		for (const f of facts.pairs) {
			if (f.kind === 'binding' && !values.has(f.key)) {
				values.set(f.key, f.value);
			}
		}
	}
	return (name) => values.get(name);
}
