/**
 * Server processes for the scale-out tests: each a child process running
 * fixtures/serve.ts (the real server, configured from its environment), on
 * its own port, all sharing one PostgreSQL database and one Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TEST_ENV } from './harness';

const FIXTURE = fileURLToPath(new URL('./fixtures/serve.ts', import.meta.url));

export type ServerProcess = {
  readonly name: string;
  readonly process: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** the value of one Prometheus sample (summed over label sets when `labels` is omitted) */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
};

/** Start a server process; it is killed when the test ends (if still running). */
export async function spawnServer(t: TestContext, name: string, env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `cg-node-${name}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...TEST_ENV, DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT=(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server ${name} exited early (${code})`)));
  });
  const httpUrl = `http://127.0.0.1:${port}`;
  return {
    name,
    process: child,
    port,
    exited,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    async metric(metricName, labels) {
      const text = await (await fetch(`${httpUrl}/metrics`)).text();
      let total = 0;
      for (const line of text.split('\n')) {
        const match = /^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$/.exec(line);
        if (!match || match[1] !== metricName) continue;
        if (labels && !Object.entries(labels).every(([k, v]) => (match[2] ?? '').includes(`${k}="${v}"`))) continue;
        total += Number(match[3]);
      }
      return total;
    },
  };
}
