/**
 * Real PostgreSQL and Redis for the scale-out tests, started by the test
 * itself: on loopback, on free ports, in temporary directories, with nothing
 * kept (no fsync, no Redis persistence). Each can be stopped and started
 * again on the same port and data (outage tests).
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the
 * `postgres` user (Debian's package creates it), else as `nobody`, with its
 * directory owned by that user; Node switches the user itself (spawn's
 * uid/gid), no su or sudo involved.
 *
 * Binaries: `PG_BIN` (a directory holding initdb and postgres) or the newest
 * /usr/lib/postgresql/<version>/bin (Debian), else the PATH; `REDIS_SERVER`
 * or `redis-server` on the PATH. When they are missing, `scaleoutServices`
 * skips the test with the reason — except under CI=true, where it fails.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import pg from 'pg';

export type Binaries = { readonly initdb: string; readonly postgres: string; readonly redis: string };

/** Find the binaries, or say what is missing. */
export function findBinaries(): Binaries | { missing: string } {
  const pgDir = findPgBin();
  const redis = process.env.REDIS_SERVER ?? which('redis-server');
  const missing: string[] = [];
  if (!pgDir) missing.push('PostgreSQL (initdb, postgres)');
  if (!redis) missing.push('redis-server');
  if (missing.length > 0 || !pgDir || !redis) {
    return { missing: `${missing.join(' and ')} not installed (apt-get install postgresql redis-server, or set PG_BIN / REDIS_SERVER)` };
  }
  return { initdb: path.join(pgDir, 'initdb'), postgres: path.join(pgDir, 'postgres'), redis };
}

function findPgBin(): string | null {
  const has = (dir: string) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres'));
  if (process.env.PG_BIN) return has(process.env.PG_BIN) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) if (has(path.join(root, version, 'bin'))) return path.join(root, version, 'bin');
  }
  const initdb = which('initdb');
  if (initdb) {
    // /usr/local/bin/initdb may be a link into the real directory.
    const dir = path.dirname(fs.realpathSync(initdb));
    if (has(dir)) return dir;
  }
  return null;
}

function which(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** A free loopback port (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Who runs postgres: ourselves, or (as root) an unprivileged user. */
function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL');
}

type Exit = Promise<void>;

function watchExit(child: ChildProcess): Exit {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * The one process of a service: started with its output kept (the last
 * 4,000 characters, for error messages), stopped with a signal chosen by
 * the kind of stop, restarted on the same port and directory.
 */
abstract class ServiceProcess {
  private child: ChildProcess | null = null;
  private exited: Exit = Promise.resolve();
  protected log = '';

  get running(): boolean {
    return this.child !== null;
  }

  /** Spawn the process (its stdout and stderr piped into `log`). */
  protected launch(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-4000)));
    child.stderr!.on('data', (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-4000)));
    this.child = child;
    this.exited = watchExit(child);
    return child;
  }

  /** Send `signal` and wait for the exit; nothing when not running. */
  protected async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    child.kill(signal);
    await this.exited;
  }
}

export class PostgresService extends ServiceProcess {
  private databases = 0;

  private constructor(
    private readonly bin: Binaries,
    readonly dir: string,
    readonly port: number,
    private readonly user: { uid: number; gid: number } | null,
    private readonly durable: boolean,
  ) {
    super();
  }

  /** `durable`: keep PostgreSQL's default fsync and synchronous_commit (benchmarks); tests turn them off. */
  static async create(bin: Binaries, { durable = false }: { durable?: boolean } = {}): Promise<PostgresService> {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'cg-pg-'));
    const user = postgresUser();
    if (user) await fsp.chown(dir, user.uid, user.gid);
    const data = path.join(dir, 'data');
    const init = spawnSync(
      bin.initdb,
      ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      { encoding: 'utf8', cwd: dir, ...(user ?? {}) },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    const service = new PostgresService(bin, dir, await freePort(), user, durable);
    await service.start();
    return service;
  }

  /** A connection URL for a fresh, empty database. */
  async newDatabase(): Promise<string> {
    const name = `cg_test_${++this.databases}`;
    const admin = new pg.Client({ connectionString: this.url('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const child = this.launch(
      this.bin.postgres,
      [
        '-D', path.join(this.dir, 'data'),
        '-p', String(this.port),
        '-k', this.dir,
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'max_connections=200',
        // Test speed: nothing needs to survive a power cut here.
        ...(this.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ],
      { cwd: this.dir, ...(this.user ?? {}) },
    );
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${this.log}`);
        const client = new pg.Client({ connectionString: this.url('postgres'), connectionTimeoutMillis: 1000 });
        client.on('error', () => {});
        try {
          await client.connect();
          await client.query('SELECT 1');
          return true;
        } catch {
          return false;
        } finally {
          await client.end().catch(() => {});
        }
      },
      20_000,
      'postgres to accept connections',
    );
  }

  /** Fast shutdown (SIGINT): open connections are cut, as in a database restart or outage. */
  stop(): Promise<void> {
    return this.signal('SIGINT');
  }

  async destroy(): Promise<void> {
    await this.signal('SIGQUIT'); // immediate shutdown: nothing to keep
    await fsp.rm(this.dir, { recursive: true, force: true });
  }
}

export class RedisService extends ServiceProcess {
  private constructor(
    private readonly bin: Binaries,
    readonly dir: string,
    readonly port: number,
  ) {
    super();
  }

  static async create(bin: Binaries): Promise<RedisService> {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'cg-redis-'));
    const service = new RedisService(bin, dir, await freePort());
    await service.start();
    return service;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const child = this.launch(
      this.bin.redis,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir],
      {},
    );
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${this.log}`);
        return this.log.includes('Ready to accept connections');
      },
      10_000,
      'redis-server to accept connections',
    );
  }

  /** Gone at once, as in a crash: subscribers lose their connection and whatever was in flight. */
  stop(): Promise<void> {
    return this.signal('SIGKILL');
  }

  async destroy(): Promise<void> {
    await this.stop();
    await fsp.rm(this.dir, { recursive: true, force: true });
  }
}

export type Services = { readonly postgres: PostgresService; readonly redis: RedisService };

/**
 * PostgreSQL + Redis, started once per test file on first use and stopped by
 * `after`. `get(t)` returns null after calling `t.skip(reason)` when the
 * binaries are missing; under CI=true it throws instead, so a CI run that
 * lost its services fails loudly rather than passing on skipped tests.
 */
export function scaleoutServices(after: (fn: () => Promise<void>) => void): { get(t: TestContext): Promise<Services | null> } {
  let started: Promise<Services> | null = null;
  after(async () => {
    if (!started) return;
    const services = await started.catch(() => null);
    await Promise.all([services?.postgres.destroy(), services?.redis.destroy()]);
  });
  return {
    async get(t) {
      const bin = findBinaries();
      if ('missing' in bin) {
        if (process.env.CI === 'true') throw new Error(`CI=true but ${bin.missing}: the scale-out tests must run in CI`);
        t.skip(`scale-out services unavailable: ${bin.missing}`);
        return null;
      }
      started ??= (async () => {
        const [postgres, redis] = await Promise.allSettled([PostgresService.create(bin), RedisService.create(bin)]);
        if (postgres.status === 'fulfilled' && redis.status === 'fulfilled') {
          return { postgres: postgres.value, redis: redis.value };
        }
        if (postgres.status === 'fulfilled') await postgres.value.destroy();
        if (redis.status === 'fulfilled') await redis.value.destroy();
        throw postgres.status === 'rejected' ? postgres.reason : (redis as PromiseRejectedResult).reason;
      })();
      return started;
    },
  };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
