/**
 * Server child processes: each runs fixtures/serve.ts (the real server,
 * configured from its environment) on its own port. The crash tests restart
 * one on the same DATA_DIR; the scale-out tests run several, each with its
 * own DATA_DIR, all sharing one PostgreSQL database and one Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Harness, TEST_ENV } from './harness';
import type { Services } from './services';

const FIXTURE = fileURLToPath(new URL('./fixtures/serve.ts', import.meta.url));

export type ServeProcess = {
  readonly process: ChildProcess;
  readonly port: number;
  /** the exit code (null after a signal) */
  readonly exited: Promise<number | null>;
};

/**
 * Start fixtures/serve.ts with the test environment plus `env` (DATA_DIR
 * included) and resolve with the port it prints. Killed (SIGKILL) when the
 * test ends, if still running.
 */
export async function spawnServe(t: TestContext, env: Record<string, string>, name = 'server'): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...TEST_ENV, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  t.after(() => killNow({ process: child, exited }));
  const port = await announcedPort(child, name);
  return { process: child, port, exited };
}

/** The port a fixtures/serve.ts child prints (`PORT=n`) once it listens; rejects if it exits first. */
export function announcedPort(child: ChildProcess, name: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT=(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited early (${code})`)));
  });
}

/** SIGKILL the process unless it has exited already, and wait for the exit. */
export async function killNow({ process: child, exited }: Pick<ServeProcess, 'process' | 'exited'>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
}

export type ServerProcess = ServeProcess & {
  readonly name: string;
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** the value of one Prometheus sample (summed over label sets when `labels` is omitted) */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
};

/** Start a scale-out node on a DATA_DIR of its own; it is killed and its directory removed when the test ends. */
export async function spawnServer(t: TestContext, name: string, env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `cg-node-${name}-`));
  let served: ServeProcess | null = null;
  t.after(async () => {
    if (served) await killNow(served);
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  served = await spawnServe(t, { DATA_DIR: dataDir, ...env }, `server ${name}`);
  const httpUrl = `http://127.0.0.1:${served.port}`;
  return {
    ...served,
    name,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${served.port}/sync`,
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

export type Node = { server: ServerProcess; h: Harness };

/**
 * Scale-out nodes, one per `envs` entry (named A, B, C …), on a new database
 * of `found`'s PostgreSQL and on its Redis; periodic catch-up is slowed to a
 * minute so that what arrives sooner came through Redis.
 */
export async function startNodes(t: TestContext, found: Services, envs: readonly Record<string, string>[]): Promise<Node[]> {
  const databaseUrl = await found.postgres.newDatabase();
  // Together: the schema is created once, under an advisory lock, whoever comes first.
  return Promise.all(
    envs.map(async (env, i) => {
      const server = await spawnServer(t, String.fromCharCode(65 + i), {
        DATABASE_URL: databaseUrl,
        REDIS_URL: found.redis.url,
        CATCHUP_INTERVAL_MS: '60000',
        STORE_RETRY_MS: '200',
        ...env,
      });
      return { server, h: Harness.external(t, server.port) };
    }),
  );
}
