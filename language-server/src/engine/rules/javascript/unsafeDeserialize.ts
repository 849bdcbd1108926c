import { jsLanguages, owasp, type MatchContext, type Rule } from '../../rule';
import { whenComputedButUntainted, whenTainted } from '../ruleHelpers';
import { qualifiedCallee } from './jsHelpers';
import { callContext, callQuery } from './queryText';

const query = callQuery('unserialize|[\\w$]*[dD]eserialize|parse');

/** Deserializers that revive functions or run code, by qualified name. */
const codeReviving = /^(node-serialize(\.unserialize)?|serialize-to-js(\.deserialize)?|cryo\.parse|funcster\.deepDeserialize|v8\.deserialize)$/;

function revivingContext(match: MatchContext): MatchContext | undefined {
	const ctx = callContext(match, /^(unserialize|[\w$]*[dD]eserialize|parse)$/, ['data']);
	return ctx?.captures.has('data') && isCodeReviving(ctx) ? ctx : undefined;
}

function isCodeReviving(ctx: MatchContext): boolean {
	const name = qualifiedCallee(ctx, ctx.node);
	return codeReviving.test(name);
}

const shared = {
	languages: jsLanguages,
	vulnClass: 'deserialization',
	cwe: [502],
	owasp: owasp.integrity,
	query,
} as const;

/** Untrusted data handed to a deserializer that can revive functions. */
export const unsafeDeserialize: Rule = {
	...shared,
	id: 'rampart.js.deserialization.unsafe-deserialize',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data is deserialized with a library that can revive and run functions (node-serialize, cryo, funcster…).',
	help:
		'node-serialize `unserialize` evaluates `_$$ND_FUNC$$_` values, and cryo, funcster, serialize-to-js and `v8.deserialize` likewise rebuild functions or arbitrary objects; an attacker-controlled cookie or body becomes remote code execution (an immediately invoked function runs during parsing). ' +
		'Exchange plain data with `JSON.parse` and validate its shape with a schema (zod, ajv); never deserialize code from a client.',
	check: (match) => {
		const ctx = revivingContext(match);
		return ctx ? whenTainted(ctx, 'data') : false;
	},
};

/** The same deserializers on data without a visible untrusted source. */
export const unsafeDeserializeAudit: Rule = {
	...shared,
	id: 'rampart.js.deserialization.unsafe-deserialize-audit',
	severity: 'info',
	precision: 'low',
	message: 'Data is deserialized with a library that can revive functions; make sure it never comes from a user.',
	help: 'Deserializers that rebuild functions turn any tampered file, cache entry or message into code execution. Prefer JSON and a schema check even for data you believe is trusted.',
	check: (match) => {
		const ctx = revivingContext(match);
		return !!ctx && whenComputedButUntainted(ctx, 'data');
	},
};
