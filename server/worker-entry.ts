/**
 * The file a worker thread starts from. The server runs either compiled
 * (`npm start`: scripts/build-server.mjs bundles server/main.ts and each
 * worker's module side by side into dist/server/) or from its TypeScript
 * sources under tsx (`npm run dev`, the tests, the benches):
 *
 *   compiled      the worker's own bundle, `<name>.js` beside main.js —
 *                 plain JavaScript, no loader, no esbuild process;
 *   from sources  persistence/ts-worker.mjs, which registers tsx in the new
 *                 thread (a worker does not inherit its parent's loader)
 *                 and then imports workerData.module.
 *
 * Callers pass the worker's module either way, and put it in workerData as
 * `module` for the shim: `new Worker(workerEntry(module), { workerData: { module } })`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bundled, this module is part of dist/server/main.js; under tsx it is this .ts file. */
const COMPILED = new URL(import.meta.url).pathname.endsWith('.js');
const TS_SHIM = new URL('./persistence/ts-worker.mjs', import.meta.url);

/**
 * `module`: the URL of the worker's TypeScript module, beside its caller
 * (`new URL('./sqlite-writer.ts', import.meta.url).href`), or a module a
 * test substitutes (a data: URL, a fixture).
 */
export function workerEntry(module: string): URL {
  if (!COMPILED) return TS_SHIM;
  // Not one of ours (a test's data: URL): it is JavaScript already.
  if (!module.startsWith('file:') || !module.endsWith('.ts')) return new URL(module);
  return new URL(`./${path.basename(fileURLToPath(module), '.ts')}.js`, import.meta.url);
}
