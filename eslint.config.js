import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE = [
  'src/model/**',
  'src/ledger/**',
  'src/metrics/**',
  'src/governance/**',
  'src/claims/**',
  'src/planner/**',
  'src/risk/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './web/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'max-params': ['error', 3],
    },
  },
  {
    // The functional core stays free of I/O: no node:* modules, no storage, no CLI.
    files: CORE,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto'],
              message: 'The core has no I/O: inject it.',
            },
            {
              group: [
                '**/store/**',
                '**/cli/**',
                '**/app/**',
                '**/solver/**',
                'better-sqlite3',
                'commander',
                'highs',
                'glpk.js',
              ],
              message: 'The core must not import adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // The dashboard talks to the server only over HTTP: it may share the API's types, never its code
    // (which would drag storage and node:* into the browser bundle).
    files: ['web/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**'],
              allowTypeImports: true,
              message: 'The dashboard imports only types from src/: use the API.',
            },
            { group: ['node:*'], message: 'The dashboard runs in the browser.' },
          ],
        },
      ],
    },
  },
);
