import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Where the data-driven fixtures live. */
export const repoRoot = join(__dirname, '..', '..');
export const ruleFixtureRoot = join(repoRoot, 'test', 'fixtures', 'rules');
export const fixFixtureRoot = join(repoRoot, 'test', 'fixtures', 'fixes');

export interface Expectation {
	readonly ruleId: string;
	/** Zero-based line the finding must (ruleid) or must not (ok) start on. */
	readonly line: number;
	readonly kind: 'ruleid' | 'ok';
}

export interface RuleFixture {
	readonly path: string;
	readonly relativePath: string;
	/** The class folder the fixture sits in (`sql-injection`, …). */
	readonly vulnClass: string;
	readonly text: string;
	readonly expectations: readonly Expectation[];
}

const marker = /(?:\/\/|#)\s*(ruleid|ok):\s*([\w.,-]+)/;

/**
 * Reads a fixture: `// ruleid: <id>` (or `# ruleid:`) marks the next line (or its own line when
 * code precedes it) as a finding of that rule; `ok: <id>` marks a safe look-alike.
 */
export function readRuleFixture(path: string): RuleFixture {
	const text = readFileSync(path, 'utf8');
	const lines = text.split('\n');
	const expectations: Expectation[] = [];
	lines.forEach((line, index) => {
		const m = marker.exec(line);
		if (!m) {
			return;
		}
		const ownLine = /^\s*(\/\/|#)/.test(line);
		let target = index;
		if (ownLine) {
			target = index + 1;
			while (target < lines.length && marker.test(lines[target]) && /^\s*(\/\/|#)/.test(lines[target])) {
				target++;
			}
		}
		for (const ruleId of m[2].split(',')) {
			expectations.push({ ruleId, line: target, kind: m[1] as 'ruleid' | 'ok' });
		}
	});
	const relativePath = relative(ruleFixtureRoot, path);
	return { path, relativePath, vulnClass: relativePath.split(/[\\/]/)[1] ?? '', text, expectations };
}

export function listFiles(root: string): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir).sort()) {
			const full = join(dir, name);
			if (statSync(full).isDirectory()) {
				walk(full);
			} else {
				out.push(full);
			}
		}
	};
	walk(root);
	return out;
}

export function listRuleFixtures(): RuleFixture[] {
	return listFiles(ruleFixtureRoot)
		.filter((f) => /\.(js|jsx|ts|tsx|py)$/.test(f))
		.map(readRuleFixture);
}
