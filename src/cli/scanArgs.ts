import { parseArgs } from 'node:util';
import type { Precision, Severity } from '../../language-server/src/engine/types';

export type Format = 'text' | 'json' | 'sarif';

export interface ScanArgs {
	readonly paths: readonly string[];
	readonly format: Format;
	readonly output?: string;
	readonly failOn: Severity | 'none';
	readonly baseline?: string;
	readonly useBaseline: boolean;
	readonly updateBaseline: boolean;
	/** Rule ids or `prefix*` patterns; empty means every rule. */
	readonly rules: readonly string[];
	readonly minPrecision: Precision;
	readonly inlineSuppressions: boolean;
	readonly maxFileSizeKb: number;
	readonly parseTimeoutMs: number;
	/** Check the threats of the stored threat model (`.rampart/`) when there is one. */
	readonly threats: boolean;
	/** Worker threads; undefined = automatic (one per core, at most 4, for larger scans). */
	readonly jobs?: number;
	readonly help: boolean;
}

export const scanUsage = `Usage: rampart scan [paths...] [options]

Scans JavaScript, TypeScript and Python files (folders are walked; node_modules, build output,
virtual environments and patterns in .rampartignore are skipped).

Options:
  -f, --format text|json|sarif    Report format (default: text)
  -o, --output FILE               Write the report to FILE (atomically) instead of stdout
      --fail-on LEVEL             error|warning|info|none: exit 1 when an unsuppressed finding
                                  is at or above LEVEL (default: error)
      --baseline FILE             Hide findings recorded in FILE (default: .rampart/baseline.json
                                  under the scan root, when it exists)
      --no-baseline               Ignore any baseline
      --update-baseline           Record every current finding in the baseline, then exit 0
      --rules ID[,ID...]          Only these rules (repeatable; 'rampart.py.*' selects a prefix)
      --min-precision LEVEL       high|medium|low: hide rules less precise than LEVEL (default: low)
      --no-inline-suppressions    Ignore rampart-ignore, # nosec and nosemgrep comments
      --max-file-size KB          Skip files larger than KB kilobytes (default: 1024)
      --parse-timeout MS          Skip files whose parse takes longer than MS (default: 1500)
      --no-threats                Skip the threat-model check (by default, threats stored in
                                  .rampart/ under the scan root are checked against their code)
      --jobs N                    Scan on N worker threads (default: one per core, at most 4; 1 = no workers)
  -h, --help                      Show this help

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or internal error.`;

export class UsageError extends Error {}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
	if (value === undefined) {
		return fallback;
	}
	if (!(allowed as readonly string[]).includes(value)) {
		throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}').`);
	}
	return value as T;
}

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
	if (value === undefined) {
		return fallback;
	}
	const n = Number(value);
	if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || n <= 0) {
		throw new UsageError(`--${name} must be a positive number (got '${value}').`);
	}
	return n;
}

/** Parses `rampart scan` arguments; throws UsageError with a message for the user. */
export function parseScanArgs(argv: readonly string[]): ScanArgs {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			allowPositionals: true,
			strict: true,
			options: {
				format: { type: 'string', short: 'f' },
				output: { type: 'string', short: 'o' },
				'fail-on': { type: 'string' },
				baseline: { type: 'string' },
				'no-baseline': { type: 'boolean' },
				'update-baseline': { type: 'boolean' },
				rules: { type: 'string', multiple: true },
				'min-precision': { type: 'string' },
				'no-inline-suppressions': { type: 'boolean' },
				'max-file-size': { type: 'string' },
				'parse-timeout': { type: 'string' },
				'no-threats': { type: 'boolean' },
				jobs: { type: 'string', short: 'j' },
				help: { type: 'boolean', short: 'h' },
			},
		});
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	const v = parsed.values;
	if (v.baseline !== undefined && v['no-baseline']) {
		throw new UsageError('--baseline and --no-baseline cannot be used together.');
	}
	if (v['update-baseline'] && v['no-baseline']) {
		throw new UsageError('--update-baseline and --no-baseline cannot be used together.');
	}
	const rules = (v.rules ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter((r) => r.length > 0);
	if (v.rules !== undefined && rules.length === 0) {
		throw new UsageError('--rules needs at least one rule id.');
	}
	return {
		paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
		format: oneOf('format', v.format, ['text', 'json', 'sarif'], 'text'),
		...(v.output !== undefined ? { output: v.output } : {}),
		failOn: oneOf('fail-on', v['fail-on'], ['error', 'warning', 'info', 'none'], 'error'),
		...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
		useBaseline: !v['no-baseline'],
		updateBaseline: v['update-baseline'] === true,
		rules,
		minPrecision: oneOf('min-precision', v['min-precision'], ['high', 'medium', 'low'], 'low'),
		inlineSuppressions: !v['no-inline-suppressions'],
		maxFileSizeKb: positiveNumber('max-file-size', v['max-file-size'], 1024),
		parseTimeoutMs: positiveNumber('parse-timeout', v['parse-timeout'], 1500),
		threats: v['no-threats'] !== true,
		...(v.jobs !== undefined ? { jobs: Math.max(1, Math.floor(positiveNumber('jobs', v.jobs, 1))) } : {}),
		help: v.help === true,
	};
}

/** Expands `--rules` patterns against the known rule ids; unknown ids are a usage error. */
export function selectRules(patterns: readonly string[], known: readonly string[]): Set<string> | undefined {
	if (patterns.length === 0) {
		return undefined;
	}
	const selected = new Set<string>();
	for (const pattern of patterns) {
		const matches = pattern.endsWith('*') ? known.filter((id) => id.startsWith(pattern.slice(0, -1))) : known.filter((id) => id === pattern);
		if (matches.length === 0) {
			throw new UsageError(`--rules: no rule matches '${pattern}'. Rule ids look like rampart.js.code-injection.eval (see docs/rules.md).`);
		}
		matches.forEach((id) => selected.add(id));
	}
	return selected;
}
