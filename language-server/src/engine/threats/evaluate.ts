import type { Node, Tree } from 'web-tree-sitter';
import type { LanguageId } from '../types';
import { type AnchoredFunction, type FileIndex, indexFile, resolveAnchor } from './anchors';
import { checkerFor } from './checkers';
import { addMiddlewareFact, collectFacts, emptyFacts, rangeOf, type ScopeFacts } from './facts';
import { type ImportBinding, importBindings, importedFunction, type ImportedModule, type ImportedModules } from './imports';
import { type CheckerSpec, findPattern, type Pattern, resolverOf, type Scope } from './patterns';
import type { Resolver } from './strings';
import type { AnchorMiss, Evidence, FileThreatResult, ThreatEvaluation, ThreatSpec } from './types';

/** A parsed source file the threats of which are evaluated. */
export interface ParsedSource {
	/** Workspace-relative path, forward slashes. */
	readonly file: string;
	readonly language: LanguageId;
	readonly tree: Tree;
	/** Workspace modules the file imports, parsed (see `loadImportedModules`); absent: none are followed. */
	readonly modules?: ImportedModules;
}

const functionNodeTypes = /^(arrow_function|function_expression|function|generator_function|function_declaration|generator_function_declaration|function_definition|class_declaration|class_definition|method_definition|decorated_definition)$/;

interface Scoped {
	readonly facts: ScopeFacts;
	readonly via?: string;
	/** Imported helpers: their own file's names, the file and the call of the helper in the anchored file. */
	readonly resolve?: Resolver;
	readonly file?: string;
	readonly callSite?: Node;
}

function moduleFactsOf(index: FileIndex): ScopeFacts {
	const facts = emptyFacts();
	for (const s of index.moduleStatements) {
		collectFacts(s, facts, (n) => functionNodeTypes.test(n.type));
	}
	return facts;
}

/** The facts around one file's functions, computed once per evaluation and shared by its threats. */
class FileContext {
	private moduleFacts: ScopeFacts | undefined;
	private globalFacts: ScopeFacts | undefined;
	private readonly classBases = new Map<string, string>();
	private readonly perFunction = new Map<AnchoredFunction, Record<Scope, Scoped[]>>();
	private readonly bindings: readonly ImportBinding[];
	private readonly importedModuleFacts = new Map<ImportedModule, ScopeFacts>();

	constructor(
		readonly index: FileIndex,
		root: Node,
		private readonly modules: ImportedModules | undefined,
	) {
		this.bindings = modules && modules.size > 0 ? importBindings(root, index.language) : [];
		if (index.language === 'python') {
			for (const c of root.descendantsOfType('class_definition')) {
				const name = c?.childForFieldName('name')?.text;
				if (c && name) {
					this.classBases.set(name, c.childForFieldName('superclasses')?.text ?? '');
				}
			}
		}
	}

	private module(): ScopeFacts {
		this.moduleFacts ??= moduleFactsOf(this.index);
		return this.moduleFacts;
	}

	/** Functions imported from workspace modules that the function or its same-file helpers call (one level). */
	private importedHelpers(own: ScopeFacts, helpers: readonly Scoped[]): Scoped[] {
		if (!this.modules || this.bindings.length === 0) {
			return [];
		}
		const out: Scoped[] = [];
		const seen = new Set<Node['id']>();
		for (const f of [own, ...helpers.map((h) => h.facts)]) {
			for (const call of f.calls) {
				const found = importedFunction(call.callee, this.bindings, this.modules);
				if (!found || seen.has(found.fn.node.id)) {
					continue;
				}
				seen.add(found.fn.node.id);
				const facts = collectFacts(found.fn.node);
				let moduleFacts = this.importedModuleFacts.get(found.module);
				if (!moduleFacts) {
					moduleFacts = moduleFactsOf(found.module.index);
					this.importedModuleFacts.set(found.module, moduleFacts);
				}
				out.push({ facts, via: `${found.fn.key} in ${found.module.file}`, resolve: resolverOf(facts, moduleFacts), file: found.module.file, callSite: call.node });
			}
		}
		return out;
	}

	private global(): ScopeFacts {
		if (!this.globalFacts) {
			const facts = emptyFacts();
			this.index.globalMiddleware.forEach((n) => addMiddlewareFact(facts, n));
			this.globalFacts = facts;
		}
		return this.globalFacts;
	}

	private readonly factsCache = new Map<AnchoredFunction, ScopeFacts>();

	private functionFacts(fn: AnchoredFunction): ScopeFacts {
		const cached = this.factsCache.get(fn);
		if (cached) {
			return cached;
		}
		const facts = collectFacts(fn.node);
		this.factsCache.set(fn, facts);
		for (const p of fn.node.childForFieldName('parameters')?.namedChildren ?? []) {
			const type = p && /typed/.test(p.type) ? p.childForFieldName('type')?.text : undefined;
			const bases = type ? this.classBases.get(type) : undefined;
			if (p && type && bases !== undefined) {
				facts.annotations.push({ text: `${type}${bases}`, node: p });
			}
		}
		return facts;
	}

	/** Same-file functions called by name (or via this./self.), two levels deep. */
	private helpers(fn: AnchoredFunction, facts: ScopeFacts): Scoped[] {
		const out: Scoped[] = [];
		const seen = new Set<AnchoredFunction>([fn]);
		let frontier: ScopeFacts[] = [facts];
		for (let depth = 0; depth < 2 && frontier.length > 0; depth++) {
			const next: ScopeFacts[] = [];
			for (const f of frontier) {
				for (const call of f.calls) {
					const name = call.callee.replace(/^(this|self)\./, '');
					const helper = (fn.className ? this.index.functions.get(`${fn.className}.${name}`) : undefined) ?? this.index.functions.get(name);
					if (helper && !seen.has(helper) && !name.includes('.')) {
						seen.add(helper);
						const helperFacts = this.functionFacts(helper);
						out.push({ facts: helperFacts, via: helper.key });
						next.push(helperFacts);
					}
				}
			}
			frontier = next;
		}
		return out;
	}

	scopes(fn: AnchoredFunction): Record<Scope, Scoped[]> {
		let scopes = this.perFunction.get(fn);
		if (!scopes) {
			const own = this.functionFacts(fn);
			const middleware = emptyFacts();
			fn.middleware.forEach((n) => addMiddlewareFact(middleware, n));
			const mwVia = fn.middleware.map((n) => n.text.replace(/\s+/g, ' ').slice(0, 40)).join(', ');
			const helper = this.helpers(fn, own);
			scopes = {
				function: [{ facts: own }],
				middleware: [{ facts: middleware, via: mwVia || undefined }, ...(fn.route ? [{ facts: this.global(), via: 'app-level middleware' }] : [])],
				helper,
				'imported-helper': this.importedHelpers(own, helper),
				module: [{ facts: this.module(), via: 'module setup' }],
			};
			this.perFunction.set(fn, scopes);
		}
		return scopes;
	}
}

const scopeOrder: readonly Scope[] = ['function', 'middleware', 'helper', 'imported-helper', 'module'];
const defaultEvidenceScopes: readonly Scope[] = ['function', 'middleware', 'helper'];
const defaultViolationScopes: readonly Scope[] = ['function', 'helper'];

/** Where a pattern may match: its own scopes (or the defaults); an imported helper counts wherever a same-file helper does. */
function allowed(pattern: Pattern, defaults: readonly Scope[], scope: Scope): boolean {
	const scopes = pattern.scopes ?? defaults;
	return scopes.includes(scope) || (scope === 'imported-helper' && scopes.includes('helper'));
}

interface Found {
	readonly pattern: Pattern;
	readonly node: Node;
	readonly scope: Scope;
	readonly in: Scoped;
}

function search(patterns: readonly Pattern[], scopes: Record<Scope, Scoped[]>, defaults: readonly Scope[], resolve: Resolver): Found | undefined {
	for (const scope of scopeOrder) {
		for (const pattern of patterns) {
			if (!allowed(pattern, defaults, scope)) {
				continue;
			}
			for (const s of scopes[scope]) {
				const node = findPattern(pattern, s.facts, s.resolve ?? resolve);
				if (node) {
					return { pattern, node, scope, in: s };
				}
			}
		}
	}
	return undefined;
}

const whereText: Record<Scope, string> = {
	function: 'in the function',
	middleware: 'in middleware registered for its route',
	helper: 'in a helper it calls',
	'imported-helper': 'in an imported helper it calls',
	module: "in the file's module-level setup",
};

/** "in a helper it calls (check)", "in helper findUser in src/db.js"… */
function where(f: Found, named: readonly Scope[]): string {
	if (f.scope === 'imported-helper') {
		return `in helper ${f.in.via ?? ''}`;
	}
	return `${whereText[f.scope]}${named.includes(f.scope) && f.in.via ? ` (${f.in.via})` : ''}`;
}

function label(t: ThreatSpec): string {
	return `${t.id}${t.cwe ? ` (${t.cwe})` : ''} ${t.title}`;
}

function check(fn: AnchoredFunction, threat: ThreatSpec, checker: CheckerSpec | undefined, ctx: FileContext): Omit<ThreatEvaluation, 'anchorRange' | 'functionRange' | 'functionStartIndex' | 'functionEndIndex'> {
	if (!checker) {
		return { threat, verdict: 'unknown', protection: threat.requiredProtection, message: `${label(threat)}: Rampart has no checker for "${threat.requiredProtection}"; verify this protection by hand.` };
	}
	const rules = ctx.index.language === 'python' ? checker.python : checker.javascript;
	const scopes = ctx.scopes(fn);
	const resolve = resolverOf(...scopes.function.map((s) => s.facts), ...scopes.helper.map((s) => s.facts), ...scopes.module.map((s) => s.facts));
	const base = { threat, kind: checker.kind, protection: checker.title };
	const bad = search(rules.violations ?? [], scopes, defaultViolationScopes, resolve);
	const good = bad ? undefined : search(rules.evidence, scopes, defaultEvidenceScopes, resolve);
	if (good) {
		const evidence: Evidence = { location: good.scope, description: good.pattern.describe, range: rangeOf(good.node), ...(good.in.via ? { via: good.in.via } : {}), ...(good.in.file ? { file: good.in.file } : {}) };
		return { ...base, verdict: 'mitigated', evidence, message: `${label(threat)}: ${checker.title} found — ${good.pattern.describe} ${where(good, ['helper', 'middleware'])}, line ${good.node.startPosition.row + 1}.` };
	}
	if (threat.justification) {
		return { ...base, verdict: 'mitigated', evidence: { location: 'justification', description: threat.justification }, message: `${label(threat)}: marked mitigated with the justification "${threat.justification}".` };
	}
	if (bad) {
		const elsewhere = bad.in.file && bad.in.callSite ? { file: bad.in.file, callSite: bad.in.callSite } : undefined;
		return {
			...base,
			verdict: 'missing',
			violation: elsewhere
				? { description: `${bad.pattern.describe} in helper ${bad.in.via ?? ''}`, range: rangeOf(elsewhere.callSite), at: { file: elsewhere.file, range: rangeOf(bad.node) } }
				: { description: bad.pattern.describe, range: rangeOf(bad.node) },
			message: `${label(threat)}: ${checker.title} missing — ${bad.pattern.describe} ${where(bad, ['helper'])}, line ${bad.node.startPosition.row + 1}.`,
		};
	}
	const imported = scopes['imported-helper'].map((s) => s.via).filter((v): v is string => v !== undefined);
	const alsoImported = imported.length > 0 ? ` or in the imported helpers it calls (${imported.join(', ')})` : '';
	return { ...base, verdict: 'missing', message: `${label(threat)}: ${checker.title} missing — no evidence in the function, in middleware registered for its route${alsoImported ? ',' : ' or'} in the same-file helpers it calls${alsoImported}.` };
}

/** Evaluates every threat anchored in one parsed file. */
export function evaluateThreats(source: ParsedSource, threats: readonly ThreatSpec[]): FileThreatResult {
	const index = indexFile(source.tree.rootNode, source.language);
	const ctx = new FileContext(index, source.tree.rootNode, source.modules);
	const evaluations: ThreatEvaluation[] = [];
	const misses: AnchorMiss[] = [];
	for (const threat of threats) {
		const fn = resolveAnchor(index, threat.function);
		if (!fn) {
			misses.push({ threat, reason: 'function-missing', message: `${threat.id}: function ${threat.file}#${threat.function} no longer exists (renamed or removed); update the threat's anchor.` });
			continue;
		}
		const result = check(fn, threat, checkerFor(threat.cwe, threat.requiredProtection), ctx);
		evaluations.push({ ...result, anchorRange: rangeOf(fn.nameNode), functionRange: rangeOf(fn.node), functionStartIndex: fn.node.startIndex, functionEndIndex: fn.node.endIndex });
	}
	return { file: source.file, language: source.language, evaluations, misses };
}
