import { jsLanguages, owasp, type Rule } from '../../rule';

/** Shannon entropy of a string in bits per character. */
export function entropy(text: string): number {
	const counts = new Map<string, number>();
	for (const ch of text) {
		counts.set(ch, (counts.get(ch) ?? 0) + 1);
	}
	let bits = 0;
	for (const n of counts.values()) {
		const p = n / text.length;
		bits -= p * Math.log2(p);
	}
	return bits;
}

/** How many of lower case, upper case, digits and symbols the string uses. */
export function characterClasses(text: string): number {
	return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(text)).length;
}

/** Obvious placeholders, examples and test values that are not secrets. */
const placeholder =
	/^(changeme|change[-_ ]?me|password|passw0rd|secret|token|none|null|undefined|todo|tbd|redacted|empty|default|x+|\*+|\.+|-+|0+|1234\w*|abc\w*|qwerty\w*)$|example|sample|dummy|fake|placeholder|changeme|your[-_ ]?|replace[-_ ]?me|<[^>]*>|\{\{|\$\{|%\w+%|xxxx|XXXX|\*\*\*|test|mock|fixture|lorem|insert[-_ ]/i;

/** A literal that looks like a real credential rather than a word, a sentence, a path or a placeholder. */
export function looksLikeSecret(value: string): boolean {
	if (value.length < 8 || value.length > 500 || /\s/.test(value) || placeholder.test(value)) {
		return false;
	}
	if (/^(https?:|\/|\.\/|~\/)/.test(value) || /^[A-Z][A-Z0-9_]+$/.test(value) || /^[a-z]+([._-][a-z]+)*$/.test(value)) {
		return false; // URLs, paths, ENV_VAR names, plain words and dotted identifiers
	}
	const bits = entropy(value);
	return (bits >= 3 && characterClasses(value) >= 2) || (value.length >= 16 && bits >= 3.5);
}

const query = `
((string_fragment) @finding
  (#match? @finding "A[KS]IA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,}|xox[abposr]-[0-9A-Za-z-]{10,}|[sr]k_live_[0-9a-zA-Z]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY|AIza[0-9A-Za-z_-]{35}|SG[.][A-Za-z0-9_-]{16,}[.][A-Za-z0-9_-]{16,}|npm_[A-Za-z0-9]{36}|sk-(proj-)?[A-Za-z0-9_-]{32,}|glpat-[A-Za-z0-9_-]{20}|hooks[.]slack[.]com/services/T|://[^:/@ ]+:[^@/ ]{3,}@"))
`;

/** Credential formats that identify their issuer (and so their risk) by prefix. */
const formats: ReadonlyArray<[RegExp, string]> = [
	[/A[KS]IA[0-9A-Z]{16}/, 'an AWS access key id'],
	[/gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,}/, 'a GitHub token'],
	[/xox[abposr]-[0-9A-Za-z-]{10,}|hooks\.slack\.com\/services\/T/, 'a Slack token or webhook'],
	[/[sr]k_live_[0-9a-zA-Z]{20,}/, 'a Stripe live key'],
	[/-----BEGIN [A-Z ]*PRIVATE KEY/, 'a private key'],
	[/AIza[0-9A-Za-z_-]{35}/, 'a Google API key'],
	[/SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/, 'a SendGrid key'],
	[/npm_[A-Za-z0-9]{36}/, 'an npm token'],
	[/sk-(proj-)?[A-Za-z0-9_-]{32,}/, 'an OpenAI key'],
	[/glpat-[A-Za-z0-9_-]{20}/, 'a GitLab token'],
	[/:\/\/[^:/@ ]+:[^@/ ]{3,}@/, 'a password in a connection string'],
];

const examples = /EXAMPLE|example|xxxx|XXXX|your|YOUR|<[^>]*>|\.\.\.|0{8}|1234567890|placeholder|dummy|fake/;
const placeholderPassword = /:\/\/[^:/@ ]+:(password|pass|pwd|secret|changeme|\*+|x+|<[^>]*>|\$\{[^}]*\}|%s|:[a-z_]+)@/i;

/** The credential kind of a literal in a known format (not an example), else undefined. */
export function knownFormat(text: string): string | undefined {
	const format = formats.find(([re]) => re.test(text));
	return format && !examples.test(text) && !placeholderPassword.test(text) ? format[1] : undefined;
}

/** Every credential in a known format in free text (not examples), with its kind and offsets; for redaction outside the engine. */
export function knownFormatMatches(text: string): Array<{ kind: string; start: number; end: number }> {
	const found: Array<{ kind: string; start: number; end: number }> = [];
	for (const [re, kind] of formats) {
		for (const m of text.matchAll(new RegExp(re.source, 'g'))) {
			if (!examples.test(m[0]) && !placeholderPassword.test(m[0]) && !(kind === 'an OpenAI key' && entropy(m[0]) < 4)) {
				found.push({ kind, start: m.index, end: m.index + m[0].length });
			}
		}
	}
	return found;
}

/** A literal in a recognised credential format (AWS, GitHub, Slack, Stripe, private keys…). */
export const hardcodedSecretFormat: Rule = {
	languages: jsLanguages,
	vulnClass: 'hardcoded-secret',
	cwe: [798],
	owasp: owasp.auth,
	id: 'rampart.js.hardcoded-secret.known-format',
	severity: 'error',
	precision: 'high',
	message: 'A credential in a known format is hard-coded in the source.',
	help:
		'Keys, tokens and private keys committed to source are readable by everyone with access to the repository, its history, build logs and client bundles, and automated scanners find them within minutes of a push to a public host. ' +
		'Revoke and rotate the credential now (removing it from the file does not remove it from history), then load it at run time from the environment or a secret manager (`process.env.STRIPE_KEY`, AWS Secrets Manager, Vault).',
	query,
	check: (ctx) => {
		const text = ctx.node.text;
		const format = formats.find(([re]) => re.test(text));
		if (!format || examples.test(text) || placeholderPassword.test(text)) {
			return false;
		}
		if (format[1] === 'a private key' && (ctx.node.parent?.text.length ?? 0) < 80) {
			return false; // a header constant used to recognise PEM text, not a key
		}
		if (format[1] === 'an OpenAI key' && entropy(text) < 4) {
			return false;
		}
		return { message: `Hard-coded credential: ${format[1]}.` };
	},
};
