#!/usr/bin/env node
/**
 * Compile the server to plain JavaScript (part of `npm run build`; `npm start`
 * runs it when the output is missing or older than the sources):
 *
 *   node scripts/build-server.mjs [--outdir=dist/server]
 *
 * esbuild bundles server/main.ts and each worker thread's module into one
 * ES module apiece, side by side in the output directory, so that
 * server/worker-entry.ts finds a worker as `./<its source's name>.js` next
 * to main.js. tsconfig's `@/` paths are resolved (and lib/ bundled in);
 * packages stay external and load from node_modules as they do under tsx
 * (better-sqlite3's native addon, pdfkit's data files, the fonts
 * lib/export/pdf-fonts.ts finds with require.resolve — which is why the
 * output must stay inside the project, below its node_modules).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The server's entry and every module a worker thread runs (new Worker through workerEntry). */
export const ENTRIES = [
  'server/main.ts',
  'server/persistence/sqlite-writer.ts',
  'server/sync/tail-merge-thread.ts',
  'server/export/pdf-worker.ts',
  'server/import/import-worker.ts',
];

export const DEFAULT_OUTDIR = path.join(root, 'dist', 'server');

/** Build into `outdir` (absolute, or relative to the project root). */
export async function buildServer(outdir = DEFAULT_OUTDIR) {
  const names = ENTRIES.map((file) => path.basename(file, '.ts'));
  if (new Set(names).size !== names.length) throw new Error('two entries share a file name: their bundles would overwrite each other');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES.map((file) => ({ in: file, out: path.basename(file, '.ts') })),
    outdir: path.resolve(root, outdir),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    // Stack traces point into the (unminified) bundle; NODE_OPTIONS=--enable-source-maps maps them back to the sources.
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv.find((candidate) => candidate.startsWith('--outdir='));
  const started = Date.now();
  await buildServer(arg ? arg.slice('--outdir='.length) : DEFAULT_OUTDIR);
  console.log(`[build-server] compiled the server in ${Date.now() - started} ms`);
}
