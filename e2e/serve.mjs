#!/usr/bin/env node
/**
 * The server the end-to-end tests run against: the real product (`npm start`:
 * build if needed, then the compiled server, dist/server/main.js) on E2E_PORT
 * (default 3210), with its data in a fresh temporary directory that is
 * removed when the server stops.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'common-ground-e2e-'));
const port = process.env.E2E_PORT || '3210';

const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: port,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    // Every test creates boards from 127.0.0.1, faster than the per-address default allows a facilitator.
    BOARDS_PER_MINUTE_PER_IP: process.env.BOARDS_PER_MINUTE_PER_IP || '100000',
    BOARDS_BURST_PER_IP: process.env.BOARDS_BURST_PER_IP || '100000',
    BOARDS_PER_MINUTE: process.env.BOARDS_PER_MINUTE || '100000',
    BOARDS_PER_DAY_PER_IP: process.env.BOARDS_PER_DAY_PER_IP || '100000',
  },
});

const cleanup = () => fs.rmSync(dataDir, { recursive: true, force: true });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  cleanup();
  process.exit(signal ? 1 : (code ?? 0));
});
