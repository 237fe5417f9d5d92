/**
 * Environment → typed configuration. Everything the server can be tuned with
 * is here, validated once at start, so a typo fails loudly instead of
 * silently running with a default.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const envSchema = z.object({
  PORT: int(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  COMMON_GROUND_SECRET: z.string().min(32, 'COMMON_GROUND_SECRET must be at least 32 characters').optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  SQLITE_INLINE_COMMITS: z.enum(['0', '1', 'false', 'true']).default('1'),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Limits. An offline client's resync can be several MiB, hence 4 MiB frames.
  MAX_MESSAGE_BYTES: int(4 * 1024 * 1024, 1024),
  MAX_AWARENESS_BYTES: int(64 * 1024, 256),
  MAX_BUFFERED_BYTES: int(16 * 1024 * 1024, 1024),
  MAX_PENDING_FRAMES: int(256, 1),
  MAX_CONNECTIONS_PER_ROOM: int(200, 1),
  MAX_CONNECTIONS: int(5000, 1),
  MESSAGES_PER_SECOND: int(200, 1),
  BYTES_PER_SECOND: int(1024 * 1024, 1024),
  MAX_DOCUMENT_BYTES: int(16 * 1024 * 1024, 1024),
  MAX_PENDING_BYTES: int(1024 * 1024, 1024),
  MAX_CONNECTIONS_PER_IP: int(200, 1),
  FAILED_JOINS_PER_MINUTE: int(30, 1),
  // Board creation and import (POST /api/boards, POST /api/boards/import), which need no token.
  BOARDS_PER_MINUTE_PER_IP: int(10, 1),
  BOARDS_BURST_PER_IP: int(10, 1),
  BOARDS_PER_MINUTE: int(60, 1),
  BOARDS_PER_DAY_PER_IP: int(200, 1),
  IMPORT_BYTES_PER_DAY_PER_IP: int(50 * 1024 * 1024, 1024),
  TRUST_PROXY: z.enum(['0', '1', 'false', 'true']).default('0'),
  ROOM_UNLOAD_GRACE_MS: int(30_000),
  ROOM_HIBERNATE_MS: int(15_000),
  KEEPALIVE_MS: int(15_000, 10),
  COMPACT_AFTER_UPDATES: int(500, 1),
  // Scale-out: PostgreSQL as the shared update log, Redis pub/sub between processes.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// or rediss:// URL').optional(),
  DATABASE_POOL_SIZE: int(10, 1),
  CATCHUP_INTERVAL_MS: int(5000),
  MAX_UNSTORED_BYTES: int(8 * 1024 * 1024, 1024),
  STORE_RETRY_MS: int(2000, 10),
});

export type Config = {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly secret: Buffer;
  /** exact origins (scheme://host[:port]); null = same origin as the request's Host */
  readonly allowedOrigins: readonly string[] | null;
  readonly sqliteSynchronous: 'NORMAL' | 'FULL';
  /** small appends committed on the main thread while the disk is quick (server/persistence/inline-commits.ts) */
  readonly sqliteInlineCommits: boolean;
  readonly publicUrl: string | null;
  readonly logLevel: string;
  /** take the client address from the last X-Forwarded-For entry (set only behind a proxy that appends it) */
  readonly trustProxy: boolean;
  readonly limits: {
    readonly maxMessageBytes: number;
    readonly maxAwarenessBytes: number;
    /** close a reader whose unsent bytes pass this (1013) rather than buffer without bound */
    readonly maxBufferedBytes: number;
    /** frames a socket may send while its room is still loading */
    readonly maxPendingFrames: number;
    readonly maxConnectionsPerRoom: number;
    readonly maxConnections: number;
    /** token bucket: sustained rate, with a burst of twice that */
    readonly messagesPerSecond: number;
    /** token bucket on received bytes: sustained rate; burst max(2 × rate, maxMessageBytes) */
    readonly bytesPerSecond: number;
    /** a room's stored size (snapshot + log) past which growing updates are refused (1009) */
    readonly maxDocumentBytes: number;
    /** bytes of updates held back for missing dependencies, per room (1008 beyond) */
    readonly maxPendingBytes: number;
    /** open sync sockets per client address (IPv6: per /64) */
    readonly maxConnectionsPerIp: number;
    /** refused joins (bad token, no access) an address may make per minute before it is refused outright */
    readonly failedJoinsPerMinute: number;
    /** boards made (created or imported) per address: token bucket refilling at this rate a minute… */
    readonly boardsPerMinutePerIp: number;
    /** …holding at most this many */
    readonly boardsBurstPerIp: number;
    /** boards made by all addresses together, per process (a bucket of this many, refilling at this rate a minute) */
    readonly boardsPerMinute: number;
    /** boards made per address per day */
    readonly boardsPerDayPerIp: number;
    /** bytes of export files imported per address per day */
    readonly importBytesPerDayPerIp: number;
  };
  readonly roomUnloadGraceMs: number;
  /** a loaded room with no update for this long keeps its document encoded only (no Y.Doc); 0 = never */
  readonly roomHibernateMs: number;
  readonly keepaliveMs: number;
  readonly compactAfterUpdates: number;
  /** PostgreSQL instead of SQLite: the update log shared by every process (null: embedded SQLite) */
  readonly databaseUrl: string | null;
  readonly databasePoolSize: number;
  /** Redis pub/sub between processes sharing the database (null: none; catch-up alone) */
  readonly redisUrl: string | null;
  /** how often a process re-reads the shared log for rooms it holds (pub/sub may drop messages); 0 = never */
  readonly catchUpIntervalMs: number;
  /** per room: accepted updates waiting to be stored (database down or slow); past it, writers get 1013 */
  readonly maxUnstoredBytes: number;
  /** longest wait between two attempts to store updates while a networked database is unreachable */
  readonly storeRetryMs: number;
};

export class ConfigError extends Error {}

/** Read and validate the environment. Creates DATA_DIR and, if needed, the secret file. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": `PORT= npm start` should not fail on ''.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    throw new ConfigError('invalid configuration: REDIS_URL needs DATABASE_URL (processes that fan out must share one database)');
  }
  if (e.DATABASE_URL && !e.COMMON_GROUND_SECRET) {
    // A generated secret lives in one machine's DATA_DIR: links minted by one process would fail on the others.
    throw new ConfigError('invalid configuration: DATABASE_URL needs COMMON_GROUND_SECRET, the same on every process');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    secret: e.COMMON_GROUND_SECRET ? Buffer.from(e.COMMON_GROUND_SECRET, 'utf8') : loadOrCreateSecret(dataDir),
    allowedOrigins: parseOrigins(e.ALLOWED_ORIGINS),
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    sqliteInlineCommits: e.SQLITE_INLINE_COMMITS === '1' || e.SQLITE_INLINE_COMMITS === 'true',
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true',
    limits: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxAwarenessBytes: e.MAX_AWARENESS_BYTES,
      maxBufferedBytes: e.MAX_BUFFERED_BYTES,
      maxPendingFrames: e.MAX_PENDING_FRAMES,
      maxConnectionsPerRoom: e.MAX_CONNECTIONS_PER_ROOM,
      maxConnections: e.MAX_CONNECTIONS,
      messagesPerSecond: e.MESSAGES_PER_SECOND,
      bytesPerSecond: e.BYTES_PER_SECOND,
      maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
      maxPendingBytes: e.MAX_PENDING_BYTES,
      maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
      failedJoinsPerMinute: e.FAILED_JOINS_PER_MINUTE,
      boardsPerMinutePerIp: e.BOARDS_PER_MINUTE_PER_IP,
      boardsBurstPerIp: e.BOARDS_BURST_PER_IP,
      boardsPerMinute: e.BOARDS_PER_MINUTE,
      boardsPerDayPerIp: e.BOARDS_PER_DAY_PER_IP,
      importBytesPerDayPerIp: e.IMPORT_BYTES_PER_DAY_PER_IP,
    },
    roomUnloadGraceMs: e.ROOM_UNLOAD_GRACE_MS,
    roomHibernateMs: e.ROOM_HIBERNATE_MS,
    keepaliveMs: e.KEEPALIVE_MS,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL ?? null,
    catchUpIntervalMs: e.CATCHUP_INTERVAL_MS,
    maxUnstoredBytes: e.MAX_UNSTORED_BYTES,
    storeRetryMs: e.STORE_RETRY_MS,
  };
}

function parseOrigins(value: string | undefined): string[] | null {
  if (!value) return null;
  const origins = value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    // Compare against URL.origin so "https://x.org/" and "https://x.org" are one entry.
    if (!URL.canParse(origin)) throw new ConfigError(`ALLOWED_ORIGINS: not a URL: ${origin}`);
  }
  return origins.map((o) => new URL(o).origin);
}

/**
 * Without COMMON_GROUND_SECRET the secret is generated once and kept next to
 * the database (mode 0600), so links keep working across restarts.
 */
function loadOrCreateSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret');
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  if (text.length < 32) throw new ConfigError(`${file} holds fewer than 32 characters; delete it to regenerate`);
  return Buffer.from(text, 'utf8');
}
