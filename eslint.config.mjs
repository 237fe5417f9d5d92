import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
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
        ],
      }],
    },
  },
);
