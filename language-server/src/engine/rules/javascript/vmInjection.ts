import { jsLanguages, owasp, type MatchContext, type Rule } from '../../rule';
import { whenComputedButUntainted, whenTainted } from '../ruleHelpers';
import { qualifiedCallee } from './jsHelpers';
import { callContext, callQuery, newQuery } from './queryText';

const query = callQuery('runInNewContext|runInThisContext|runInContext|compileFunction|safeEval|run|evaluate') + newQuery('Script|SourceTextModule');

function vmContext(match: MatchContext): MatchContext | undefined {
	const ctx = callContext(match, /^(runInNewContext|runInThisContext|runInContext|compileFunction|safeEval|run|evaluate|Script|SourceTextModule)$/, ['code']);
	return ctx?.captures.has('code') && isCodeRunner(ctx) ? ctx : undefined;
}

/** vm and sandbox-like modules whose functions compile their argument as JavaScript. */
const codeRunners = /^(vm\.(runInNewContext|runInThisContext|runInContext|compileFunction|Script|SourceTextModule)|safe-eval|static-eval|notevil|vm2\.(VM|NodeVM)\.run)$/;

function isCodeRunner(ctx: MatchContext): boolean {
	const name = qualifiedCallee(ctx, ctx.node);
	if (codeRunners.test(name)) {
		return true;
	}
	// `new VM().run(code)` / `vm.run(code)` where `vm` is a vm2 sandbox.
	if (ctx.text('fn') === 'run') {
		const receiver = ctx.node.childForFieldName('function')?.childForFieldName('object');
		const head = receiver?.type === 'new_expression' ? (receiver.childForFieldName('constructor')?.text ?? '') : '';
		return /^(vm2\.)?(VM|NodeVM)$/.test(head) && [...ctx.imports.values()].some((m) => m.startsWith('vm2'));
	}
	return false;
}

const shared = {
	languages: jsLanguages,
	vulnClass: 'code-injection',
	cwe: [94],
	owasp: owasp.injection,
	query,
} as const;

/** Untrusted data compiled by the vm module or an eval-style sandbox. */
export const vmInjection: Rule = {
	...shared,
	id: 'rampart.js.code-injection.vm',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is compiled as JavaScript by vm (or an eval sandbox); vm is not a security boundary.',
	help:
		'Node\'s `vm` module (`runInNewContext`, `runInThisContext`, `new vm.Script`) and packages such as safe-eval or vm2 run the string as code. The Node documentation states that vm is not a security mechanism: ' +
		'`this.constructor.constructor("return process")()` escapes any context, and vm2 has a long list of sandbox escapes. Do not execute user-supplied code; parse data formats (JSON, a small expression grammar) instead, or run untrusted code in a separate process or isolate with no privileges.',
	check: (match) => {
		const ctx = vmContext(match);
		return ctx ? whenTainted(ctx, 'code') : false;
	},
};

/** A computed string compiled by vm without a visible untrusted source. */
export const vmInjectionAudit: Rule = {
	...shared,
	id: 'rampart.js.code-injection.vm-audit',
	severity: 'info',
	precision: 'low',
	message: 'A computed string is compiled as JavaScript by vm; check that no user input can reach it.',
	help: 'Compiling strings assembled at run time with `vm` is risky even when the source looks trusted here: vm offers no isolation, so any caller that passes user data turns this into remote code execution.',
	check: (match) => {
		const ctx = vmContext(match);
		return !!ctx && whenComputedButUntainted(ctx, 'code');
	},
};
