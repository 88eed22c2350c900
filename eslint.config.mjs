// Lint: strict TypeScript rules plus the architecture's boundaries, per folder (docs/architecture.md):
// - layers/imports (scripts/eslint-layers.mjs): what each layer may import, the webview's browser-safe list included;
// - src/core, the CLI, the shared protocol and the webview never import `vscode`;
// - src/core and the CLI throw RedisClusterError subclasses (src/core/common/errors.ts), never a bare Error.
// test/unit/layers-lint.test.ts proves every one of these rules refuses a probe file.
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint-layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'media/**', 'test/**/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    plugins: { layers },
    rules: { 'layers/imports': 'error' },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli.ts', 'src/cli/**/*.ts', 'src/shared/**/*.ts', 'webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core, the CLI, the shared protocol and the webview must stay vscode-free.' }],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ThrowStatement > NewExpression[callee.name='Error']",
          message:
            'Throw a RedisClusterError subclass (src/core/common/errors.ts) with a kind and a hint that says what to do next, not a bare Error.',
        },
      ],
    },
  },
);
