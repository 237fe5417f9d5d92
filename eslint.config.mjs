import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Classic zod is ~35 kB gzipped in the browser; zod/mini is what code the browser loads uses (docs/decisions.md).
const CLASSIC_ZOD = { name: 'zod', message: "Code the browser loads uses `import * as z from 'zod/mini'`; classic zod is for server/ and lib/export." };

export default tseslint.config(
  {
    // Build output (the compiled server in dist/, Next's of parallel runs in NEXT_DIST_DIR=.next-*), test output (E2E_OUTPUT_DIR) and bench results are not source.
    ignores: ['.next/**', '.next-*/**', 'dist/**', 'node_modules/**', 'data/**', 'test-results*/**', 'playwright-report/**', 'bench/.results/**', 'next-env.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.tsx', 'lib/**/hooks.ts', 'lib/sync/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Only lib/ and server/ know the Yjs document; the UI goes through lib/board.
    files: ['components/**', 'app/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'yjs', message: 'Components never touch Yjs: use lib/board mutations and hooks.' },
          { name: 'y-websocket', message: 'Connections belong to lib/sync.' },
          { name: 'y-indexeddb', message: 'Connections belong to lib/sync.' },
          { name: '@/lib/export/pdf', message: 'The PDF is rendered by the server only (pdfkit reads fonts from disk): download it from GET /api/boards/:id/export?format=pdf.' },
          CLASSIC_ZOD,
        ],
      }],
    },
  },
  {
    // lib/board and lib/sync are loaded by the browser too.
    files: ['lib/board/**', 'lib/sync/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [CLASSIC_ZOD] }] },
  },
);
