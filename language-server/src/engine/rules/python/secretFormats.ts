import { owasp, pyLanguages, type Rule } from '../../rule';
import { entropy } from './pyHelpers';

const query = `
(string
  (string_content) @content
  (#match? @content "AKIA|ASIA|gh[pousr]_|github_pat_|xox[abposr]-|[sr]k_live_|PRIVATE KEY|AIza|sk-ant-|sk-proj-|T3BlbkFJ|SG\\\\.|hooks\\\\.slack\\\\.com/services/")) @finding
`;

/** Credential formats with a recognisable prefix; the body must also look random. */
const formats: ReadonlyArray<{ readonly name: string; readonly pattern: RegExp; readonly minEntropy: number }> = [
	{ name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, minEntropy: 3 },
	{ name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, minEntropy: 3.5 },
	{ name: 'a GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{40,}\b/, minEntropy: 3.5 },
	{ name: 'a Slack token', pattern: /\bxox[abposr]-[0-9A-Za-z-]{20,}/, minEntropy: 3 },
	{ name: 'a Slack webhook URL', pattern: /hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,}/, minEntropy: 3 },
	{ name: 'a Stripe live key', pattern: /\b[sr]k_live_[0-9a-zA-Z]{20,}\b/, minEntropy: 3.5 },
	{ name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/, minEntropy: 3.5 },
	{ name: 'an Anthropic API key', pattern: /\bsk-ant-[A-Za-z0-9_-]{32,}/, minEntropy: 3.5 },
	{ name: 'an OpenAI API key', pattern: /\bsk-(proj-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})/, minEntropy: 3.5 },
	{ name: 'a SendGrid API key', pattern: /\bSG\.[\w-]{22}\.[\w-]{43}\b/, minEntropy: 3.5 },
	{ name: 'a private key', pattern: /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----\s*[A-Za-z0-9+/=:\s,-]{64,}/, minEntropy: 3.5 },
];

/** Documentation examples and redacted values: AWS's own `AKIAIOSFODNN7EXAMPLE`, `xxxx`, `your-token-here`. */
const placeholder = /EXAMPLE|XXXX|xxxx|0000000000|1234567890|your|dummy|fake|sample|placeholder|redacted|changeme|\*\*\*/i;

/** Well-known credential formats written into the source. */
export const pySecretFormats: Rule = {
	languages: pyLanguages,
	vulnClass: 'hardcoded-secret',
	cwe: [798],
	owasp: owasp.auth,
	id: 'rampart.py.hardcoded-secret.known-format',
	severity: 'error',
	precision: 'high',
	message: 'A credential (API key, token or private key) is written into the source code.',
	help:
		'The string has the format of a real credential: AWS access key id (`AKIA…`), GitHub token (`ghp_…`), Slack token or webhook (`xox…`), ' +
		'Stripe live key (`sk_live_…`), Google, OpenAI, Anthropic or SendGrid key, or a PEM private key. Anything in the repository is readable by ' +
		'everyone with access to it, its history, forks, CI logs and built artefacts. Revoke the credential now (removing it from the file is not ' +
		'enough: it stays in git history), then load it at run time from the environment (`os.environ["STRIPE_KEY"]`) or a secret manager. ' +
		'Placeholders such as `AKIAIOSFODNN7EXAMPLE` or `xxxx` are not reported.',
	query,
	check: (ctx) => {
		const name = knownSecretFormat(ctx.text('content'));
		return name ? { message: `${name[0].toUpperCase()}${name.slice(1)} is written into the source code; revoke it and load it from the environment.` } : false;
	},
};

/** The kind of credential the text contains ('a GitHub token', …), or undefined. */
export function knownSecretFormat(text: string): string | undefined {
	for (const format of formats) {
		const m = format.pattern.exec(text);
		if (m && !placeholder.test(m[0]) && entropy(m[0].replace(/-----[A-Z ]+-----|\s/g, '')) >= format.minEntropy) {
			return format.name;
		}
	}
	return undefined;
}
