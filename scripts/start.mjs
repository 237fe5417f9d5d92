#!/usr/bin/env node
/**
 * `npm start`: build the Next.js app if it is missing or older than the
 * sources, then run the server (Next's pages + the HTTP API + the sync
 * websocket on one port: PORT, default 3000; data in DATA_DIR, default ./data).
 * SIGTERM and SIGINT are forwarded so the server can shut down gracefully.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const SOURCE_DIRS = ['app', 'components', 'lib'];
const SOURCE_FILES = ['next.config.js', 'proxy.ts', 'postcss.config.mjs', 'package.json', 'tsconfig.json'];

/** Newest modification time under the given directories (skipping tests). */
function newestSourceMtime() {
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
  for (const dir of SOURCE_DIRS) visit(path.join(root, dir));
  for (const file of SOURCE_FILES) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
    } catch {
      // optional file
    }
  }
  return newest;
}

function buildIsCurrent() {
  try {
    return fs.statSync(path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID')).mtimeMs >= newestSourceMtime();
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

if (process.env.SKIP_BUILD !== '1' && !buildIsCurrent()) {
  console.log('[start] building the app (next build)…');
  const { code, signal } = await run(bin('next'), ['build']);
  if (code !== 0) {
    console.error(`[start] next build failed (${signal ?? `exit ${code}`})`);
    process.exit(code ?? 1);
  }
}

const { code, signal } = await run(bin('tsx'), ['server/main.ts']);
if (signal) process.kill(process.pid, signal);
else process.exit(code ?? 0);
