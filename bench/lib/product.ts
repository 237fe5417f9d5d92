/**
 * The product as `npm start` runs it, for the browser benchmark: started on a
 * free port with a fresh DATA_DIR (built first if stale) and stopped; and the
 * board route's first-load JavaScript, gzipped, from the build output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { freePort } from '../../server/test/services';
import { ROOT_DIR } from './rpc';
import { waitFor } from './stats';
import { BENCH_SECRET } from './targets';

export type FirstLoadJs = {
  route: string;
  /** where the list of chunks came from */
  source: string;
  /** whether Next's own list (route-bundle-stats.json) and the one from the manifests agree */
  manifestsAgree: boolean | null;
  files: { file: string; bytes: number; gzip: number }[];
  bytes: number;
  gzip: number;
  /** chunks the page actually fetched on first load that were not counted, and counted chunks it did not fetch */
  loadedNotCounted: string[];
  countedNotLoaded: string[];
};

/**
 * The route's first-load JS, gzipped. The chunk list is Next's own:
 * `.next/diagnostics/route-bundle-stats.json` (written by `next build`:
 * `firstLoadChunkPaths` per route). It is checked against a list built from
 * the manifests — `.next/build-manifest.json` rootMainFiles (runtime and
 * framework, loaded by every page) ∪ the `entryJSFiles` of the root layout
 * and of the page in `.next/server/app/b/[boardId]/page_client-reference-manifest.js`
 * — which is used when the stats file is missing. Polyfills (nomodule) and
 * lazily loaded chunks are not counted. Each file is gzipped at level 9 (as
 * Next's size report used to) and the sizes summed.
 */
export function firstLoadJs(route = '/b/[boardId]'): FirstLoadJs {
  const next = path.join(ROOT_DIR, '.next');
  const buildManifest = JSON.parse(fs.readFileSync(path.join(next, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
  const manifestFile = path.join(next, 'server', 'app', ...route.split('/').filter(Boolean), 'page_client-reference-manifest.js');
  const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
  new Function('globalThis', fs.readFileSync(manifestFile, 'utf8'))(sandbox);
  const entries = sandbox.__RSC_MANIFEST?.[`${route}/page`]?.entryJSFiles ?? {};
  const fromManifests = [
    ...new Set([
      ...buildManifest.rootMainFiles,
      ...Object.entries(entries)
        .filter(([key]) => key === '[project]/app/layout' || key === `[project]/app${route}/page`)
        .flatMap(([, files]) => files),
    ]),
  ];
  let fromNext: string[] | null = null;
  try {
    const stats = JSON.parse(fs.readFileSync(path.join(next, 'diagnostics', 'route-bundle-stats.json'), 'utf8')) as { route: string; firstLoadChunkPaths: string[] }[];
    fromNext = stats.find((x) => x.route === route)?.firstLoadChunkPaths.map((p) => p.replace(/^\.next\//, '')) ?? null;
  } catch {
    fromNext = null;
  }
  const chosen = fromNext ?? fromManifests;
  const files = chosen.map((file) => {
    const data = fs.readFileSync(path.join(next, file));
    return { file, bytes: data.byteLength, gzip: zlib.gzipSync(data, { level: 9 }).byteLength };
  });
  return {
    route,
    source: fromNext ? '.next/diagnostics/route-bundle-stats.json (firstLoadChunkPaths)' : 'build-manifest.json rootMainFiles + client reference manifest entryJSFiles (layout, page)',
    manifestsAgree: fromNext ? fromNext.length === fromManifests.length && fromNext.every((f) => fromManifests.includes(f)) : null,
    files,
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    gzip: files.reduce((a, f) => a + f.gzip, 0),
    loadedNotCounted: [],
    countedNotLoaded: [],
  };
}

// ---------------------------------------------------------------------------
// The product.

export type Product = { url: string; proc: ChildProcess; dataDir: string; buildMs: number; built: boolean };

export async function startProduct(): Promise<Product> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-bench-browser-'));
  const started = Date.now();
  let built = false;
  let readyAt = 0;
  const proc = spawn(process.execPath, [path.join(ROOT_DIR, 'scripts', 'start.mjs')], {
    cwd: ROOT_DIR,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', COMMON_GROUND_SECRET: BENCH_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output.push(text);
    if (text.includes('building the app')) built = true;
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`the product exited (${proc.exitCode}):\n${output.join('').slice(-3000)}`);
        try {
          const res = await fetch(`${url}/`);
          readyAt = Date.now();
          return res.ok;
        } catch {
          return false;
        }
      },
      900_000,
      'the product to answer (next build + start)',
    );
  } catch (error) {
    proc.kill('SIGTERM');
    throw error;
  }
  return { url, proc, dataDir, buildMs: readyAt - started, built };
}

export async function stopProduct(product: Product): Promise<void> {
  if (product.proc.exitCode === null) {
    const exited = new Promise((resolve) => product.proc.once('exit', resolve));
    product.proc.kill('SIGTERM');
    const timer = setTimeout(() => product.proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(product.dataDir, { recursive: true, force: true });
}
