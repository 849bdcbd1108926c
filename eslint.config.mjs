// Lint: strict TypeScript, no floating promises, and the layer rules of ARCHITECTURE.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscodeOnly = {
	paths: [
		{ name: 'vscode', message: 'src/core must not import vscode: put host glue in src/vscode.' },
		{ name: 'vscode-languageclient', message: 'src/core must not import the language client.' },
		{ name: 'vscode-languageclient/node', message: 'src/core must not import the language client.' },
	],
	patterns: [{ group: ['**/vscode/**', '../vscode/*'], message: 'src/core must not depend on src/vscode.' }],
};

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.cache/**', 'test/fixtures/**', 'test/lint-fixtures/**', '*.vsix'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/no-explicit-any': 'error',
			curly: 'error',
			eqeqeq: ['error', 'smart'],
		},
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
	},
	{ files: ['bin/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
	// One namespace per custom message (method + type), as the LSP packages themselves do.
	{ files: ['language-server/src/protocol/**/*.ts'], rules: { '@typescript-eslint/no-namespace': 'off' } },
	{ files: ['**/src/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', vscodeOnly] } },
	{
		files: ['language-server/src/engine/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				patterns: [
					{ group: ['vscode-languageserver*', 'vscode-jsonrpc*', 'vscode'], message: 'The engine knows nothing of LSP or VS Code.' },
					{ group: ['**/lsp/**', '../lsp/*'], message: 'The engine must not depend on the LSP layer.' },
				],
			}],
		},
	},
	{ files: ['language-server/**/*.ts'], rules: { 'no-console': 'error' } },
	{ files: ['webview/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Webviews run in the browser: talk to the host through typed messages.' }] }] } },
);
