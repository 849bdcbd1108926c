import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import type { Fix, TextEdit } from '../../types';
import { addImportEdit, calleeName, enclosingFunction, keywordValue, positionalArguments } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute object: (identifier) attribute: (identifier) @fn)]
  (#any-of? @fn "random" "randint" "randrange" "choice" "choices" "sample" "getrandbits" "randbytes" "uniform" "shuffle")) @finding
`;

/** Names that say the value guards something: tokens, passwords, keys, one-time codes. */
const sensitive = /token|passw|pwd|secret|nonce|salt|\botp|otp\b|api_?key|session_?id|csrf|reset|verification|invite|private_?key|signing_?key|encryption_?key|\bpin\b|one_time/i;

/** The statement around the call and the function it sits in: where the value's purpose is named. */
function purposeText(call: Node): string {
	let statement: Node | null = call;
	while (statement?.parent && !/statement$|^(assignment|augmented_assignment|block|module)$/.test(statement.type)) {
		statement = statement.parent;
	}
	const fn = enclosingFunction(call);
	return `${statement?.text.slice(0, 300) ?? ''} ${fn?.childForFieldName('name')?.text ?? ''}`;
}

function isPythonRandom(ctx: MatchContext): boolean {
	return /^random\.\w+$/.test(calleeName(ctx, ctx.node));
}

/** The `secrets` replacement of a `random` call, if there is a direct one. */
function replacement(ctx: MatchContext): TextEdit | undefined {
	const call = ctx.node;
	const callee = call.childForFieldName('function') as Node;
	const args = positionalArguments(call);
	const method = ctx.text('fn');
	const calleeEdit = (text: string): TextEdit => ({ startIndex: callee.startIndex, endIndex: callee.endIndex, newText: text });
	const hasKeywords = call.childForFieldName('arguments')?.namedChildren.some((c) => c?.type === 'keyword_argument') ?? false;
	switch (method) {
		case 'choice':
			return calleeEdit('secrets.choice');
		case 'getrandbits':
			return calleeEdit('secrets.randbits');
		case 'randbytes':
			return calleeEdit('secrets.token_bytes');
		case 'randrange':
			return args.length === 1 && !hasKeywords ? calleeEdit('secrets.randbelow') : calleeEdit('secrets.SystemRandom().randrange');
		case 'randint': {
			if (args.length !== 2 || hasKeywords) {
				return undefined;
			}
			const [low, high] = args;
			const whole = (text: string): TextEdit => ({ startIndex: call.startIndex, endIndex: call.endIndex, newText: text });
			if (/^\d+$/.test(low.text) && /^\d+$/.test(high.text)) {
				const span = BigInt(high.text) - BigInt(low.text) + 1n;
				return whole(low.text === '0' ? `secrets.randbelow(${span})` : `secrets.randbelow(${span}) + ${low.text}`);
			}
			return low.text === '0' ? whole(`secrets.randbelow(${high.text} + 1)`) : calleeEdit('secrets.SystemRandom().randint');
		}
		case 'choices': {
			const k = keywordValue(call, 'k');
			const onlyK = (call.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type === 'keyword_argument').length ?? 0) === 1;
			if (args.length === 1 && k && onlyK) {
				return { startIndex: call.startIndex, endIndex: call.endIndex, newText: `[secrets.choice(${args[0].text}) for _ in range(${k.text})]` };
			}
			return calleeEdit('secrets.SystemRandom().choices');
		}
		default:
			return calleeEdit(`secrets.SystemRandom().${method}`);
	}
}

function fixOf(ctx: MatchContext): Fix | undefined {
	if (!isPythonRandom(ctx)) {
		return undefined;
	}
	const edit = replacement(ctx);
	if (!edit) {
		return undefined;
	}
	const edits: TextEdit[] = [edit];
	const importEdit = addImportEdit(ctx.node.tree.rootNode, ctx.source, 'secrets');
	if (importEdit) {
		edits.unshift(importEdit);
	}
	return { title: 'Use the secrets module (a CSPRNG)', edits };
}

/** The `random` module (a Mersenne Twister) used for tokens, passwords or keys. */
export const pyInsecureRandom: Rule = {
	languages: pyLanguages,
	vulnClass: 'weak-crypto',
	cwe: [330, 338],
	owasp: owasp.crypto,
	id: 'rampart.py.weak-crypto.insecure-random',
	severity: 'warning',
	precision: 'medium',
	message: 'The random module is predictable; use secrets for tokens, passwords, keys and one-time codes.',
	help:
		'`random` is a Mersenne Twister: after observing 624 outputs an attacker can reconstruct its state and predict every future token, ' +
		'password-reset code or session id, and its seed is often guessable. Use the `secrets` module, which draws from the operating system\'s ' +
		'CSPRNG: `secrets.token_urlsafe(32)` for tokens, `secrets.choice(alphabet)` for generated passwords, `secrets.randbelow(10**6)` for ' +
		'numeric codes, `secrets.token_bytes(32)` for keys. The quick-fix rewrites the call to its `secrets` equivalent and adds `import secrets`. ' +
		'Rampart reports `random` only where the surrounding names (token, password, secret, key, nonce, salt, OTP, reset, …) say the value guards something.',
	query,
	check: (ctx) => isPythonRandom(ctx) && sensitive.test(purposeText(ctx.node)),
	fix: fixOf,
};
