// Turns the scanner's findings on a written file into a targeted fix prompt: line, rule, CWE,
// message and how to fix, and nothing else of the file to re-read.
import type { Finding } from '../../../language-server/src/engine/types';
import { categoryOf } from './securityProfile';

const howToFix: Record<string, string> = {
	sqlInjection: 'use a bound parameter (placeholder + values array) instead of building SQL text',
	commandInjection: 'call execFile/spawn with a fixed program and an argument array, no shell',
	codeInjection: 'remove eval/new Function/vm on data; parse data instead',
	xss: 'escape the value for its HTML context or send it as JSON',
	pathTraversal: 'resolve against a fixed root and reject paths that leave it',
	ssrf: 'check the host against an allow-list before the request',
	deserialization: 'parse with JSON.parse and validate with a schema',
	secrets: 'read the secret from the environment (process.env) and fail when it is missing',
	crypto: 'use a strong algorithm (bcrypt/scrypt for passwords, SHA-256+, crypto.randomBytes)',
	authSession: 'verify signatures with a pinned algorithm; keep TLS verification on; redirect only to local paths',
};

export function fixPrompt(path: string, findings: readonly Finding[], round: number, maxRounds: number): string {
	const lines = findings.map((f) => {
		const category = categoryOf(f.ruleId, f.cwe);
		const fix = f.fix ? ` Suggested fix: ${f.fix.title}.` : category ? ` How to fix: ${howToFix[category]}.` : '';
		return `- line ${f.range.start.line + 1}, ${f.ruleId} (${f.cwe.map((c) => `CWE-${c}`).join(', ') || 'no CWE'}, ${f.severity}): ${f.message}.${fix}`;
	});
	return `The security scanner found ${findings.length} problem(s) in ${path} (fix round ${round} of ${maxRounds}):\n${lines.join('\n')}\nRewrite ${path} with write_file so that none of these remain, keeping its API, then call finish.`;
}
