#!/usr/bin/env node
/**
 * `npm start`: build what is missing or older than its sources — the
 * Next.js app (next build) and the compiled server (scripts/build-server.mjs,
 * into dist/server/) — then run the server, plain JavaScript, in this very
 * process: dist/server/main.js (Next's pages + the HTTP API + the sync
 * websocket on one port: PORT, default 3000; data in DATA_DIR, default
 * ./data). No TypeScript loader runs in production (`npm run dev` and the
 * tests use tsx). `npm start -- --no-next` serves the API and sync only.
 * SIGTERM and SIGINT go to the server's handlers, which shut down gracefully.
 * SKIP_BUILD=1 builds nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const SHARED_FILES = ['package.json', 'tsconfig.json'];
/** Each build: what it is made from, and the file whose mtime says when it was last made. */
const NEXT_BUILD = {
  dirs: ['app', 'components', 'lib'],
  files: ['next.config.js', 'proxy.ts', 'postcss.config.mjs', ...SHARED_FILES],
  stamp: path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'),
};
const SERVER_BUILD = {
  dirs: ['server', 'lib'],
  files: ['scripts/build-server.mjs', ...SHARED_FILES],
  stamp: path.join(root, 'dist', 'server', 'main.js'),
};

/** Newest modification time under the given directories (skipping tests). */
function newestSourceMtime({ dirs, files }) {
  let newest = 0;
  const visit = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (!/\.test\.[cm]?[jt]sx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) visit(path.join(root, dir));
  for (const file of files) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
    } catch {
      // optional file
    }
  }
  return newest;
}

function buildIsCurrent(target) {
  try {
    return fs.statSync(target.stamp).mtimeMs >= newestSourceMtime(target);
  } catch {
    return false;
  }
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env });
    const forward = (signal) => child.kill(signal);
    process.on('SIGTERM', forward);
    process.on('SIGINT', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      resolve({ code, signal });
    });
  });
}

/** Run one build step if its output is stale; exit with its status if it fails. */
async function build(what, current, command, args) {
  if (process.env.SKIP_BUILD === '1' || buildIsCurrent(current)) return;
  console.log(`[start] building ${what}…`);
  const { code, signal } = await run(command, args);
  if (code !== 0) {
    console.error(`[start] ${what} failed (${signal ?? `exit ${code}`})`);
    process.exit(code ?? 1);
  }
}

await build('the app (next build)', NEXT_BUILD, bin('next'), ['build']);
// In its own process: esbuild's service would otherwise live on as a child of this one.
await build('the server (scripts/build-server.mjs)', SERVER_BUILD, process.execPath, [path.join(root, 'scripts', 'build-server.mjs')]);
if (!fs.existsSync(SERVER_BUILD.stamp)) {
  console.error('[start] dist/server/main.js is missing: run `npm run build` (or start without SKIP_BUILD=1)');
  process.exit(1);
}

// The server runs in this process rather than a child: one node process fewer (~48 MiB of RSS), and
// signals reach the server's own handlers (server/main.ts) directly. Its arguments are this script's.
// No --enable-source-maps: it costs ~35 MiB (Node then reads every loaded module's map, Next's too);
// the bundle is not minified, so stack traces stay readable. NODE_OPTIONS=--enable-source-maps turns it on.
process.chdir(root);
await import(pathToFileURL(SERVER_BUILD.stamp).href);
