import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../../support/fixtureCorpus';

describe('layer rules (eslint.config.mjs)', function () {
	this.timeout(60_000);

	it('reject a vscode import under src/core', async () => {
		const eslint = new ESLint({ cwd: repoRoot, ignore: false });
		const [result] = await eslint.lintFiles([join(repoRoot, 'test', 'lint-fixtures', 'src', 'core', 'importsVscode.ts')]);
		const messages = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
		assert.equal(messages.length, 1, JSON.stringify(result.messages));
		assert.match(messages[0].message, /src\/core must not import vscode/);
	});
});
