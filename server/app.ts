/**
 * Wiring: config → store → room registry → HTTP handler + websocket upgrade.
 * Next.js is optional (tests run without it): its handlers are fallbacks for
 * whatever is not ours.
 *
 * Storage: SQLite in DATA_DIR (the default, one process), or PostgreSQL when
 * DATABASE_URL is set (scale-out: several processes share it), with Redis
 * fan-out between them when REDIS_URL is set.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { FailedJoinLimiter, addressDigest } from './auth/failed-joins';
import type { Config } from './config';
import { createHttpHandler, type RequestHandler } from './http/handler';
import { createLogger, type Logger } from './log';
import { createMetrics, type Metrics } from './metrics';
import { PostgresDocStore } from './persistence/postgres';
import { SqliteDocStore } from './persistence/sqlite';
import type { DocStore } from './persistence/types';
import { RedisFanout } from './scaleout/fanout';
import { Publisher } from './facilitation/publisher';
import { LogFollower } from './scaleout/log-follower';
import { awarenessPolicy } from './sync/extensions/awareness-policy';
import { compaction } from './sync/extensions/compaction';
import { hibernation } from './sync/extensions/hibernation';
import { writePolicy } from './sync/extensions/write-policy';
import type { RoomExtension } from './sync/room/extension';
import { RoomRegistry, type RegistryStats } from './sync/rooms';
import { TailMerger } from './sync/tail-merger';
import { createUpgradeHandler, type UpgradeHandler } from './sync/upgrade';

/** How long an idle HTTP connection is kept open (see createCommonGroundServer). */
const HTTP_KEEP_ALIVE_MS = 65_000;

export type ServerOptions = {
  readonly config: Config;
  readonly nextHandler?: RequestHandler;
  readonly nextUpgradeHandler?: UpgradeHandler;
  readonly logger?: Logger;
  /** a storage driver; defaults to SQLite in config.dataDir */
  readonly store?: DocStore;
  /** room extensions to add after the server's own (a deployment's policy; tests) */
  readonly extensions?: readonly RoomExtension[];
};

export type CommonGroundServer = {
  readonly httpServer: http.Server;
  readonly config: Config;
  readonly store: DocStore;
  readonly registry: RoomRegistry;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** Redis fan-out (scale-out with REDIS_URL), else null */
  readonly fanout: RedisFanout | null;
  /** this process's id in fan-out messages */
  readonly processId: string;
  /** Opens the store (creating or migrating its schema) and connects to Redis, then listens. */
  listen(port?: number, host?: string): Promise<{ port: number }>;
  stats(): RegistryStats;
  /** sync sockets being upgraded or open: what MAX_CONNECTIONS counts */
  socketCount(): number;
  /** Graceful: stop accepting, close sockets with 1012, flush and compact rooms, close the database. */
  close(): Promise<void>;
};

/** How long closing sockets get to finish their close handshake before being cut. */
const CLOSE_HANDSHAKE_MS = 1000;

export function createCommonGroundServer(options: ServerOptions): CommonGroundServer {
  const { config } = options;
  const log = options.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics({ defaultMetrics: true });
  const processId = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const store = options.store ?? createStore(config, log, metrics, processId);
  const shared = config.databaseUrl !== null;
  const fanout = config.redisUrl ? new RedisFanout(config.redisUrl, processId, log, metrics) : null;
  const merger = new TailMerger();
  // Scale-out: rooms follow the shared log (and Redis, when configured).
  const follower = shared ? new LogFollower({ store, log, metrics, fanout, catchUpIntervalMs: config.catchUpIntervalMs }) : null;
  const registry = new RoomRegistry({ store, config, log, metrics, merger });
  let closing: Promise<void> | null = null;
  const isClosing = () => closing !== null;
  const publisher = new Publisher({ registry, store, log, metrics, isClosing });
  // What every room does beyond its core, in order; each is closed on shutdown.
  registry.use(
    writePolicy(),
    awarenessPolicy(),
    hibernation(config.roomHibernateMs),
    compaction({ store, log, metrics, compactAfterUpdates: config.compactAfterUpdates }),
    ...(follower ? [follower] : []),
    publisher,
    ...(options.extensions ?? []),
  );
  // With Redis, refused joins are shared: a guesser spread over the processes gets one budget, not one each.
  const failedJoins = new FailedJoinLimiter(
    config.limits.failedJoinsPerMinute,
    Date.now,
    fanout ? { key: addressDigest(config.secret), publish: (digest) => fanout.publishFailedJoin(digest) } : null,
  );

  const handler = createHttpHandler({
    config,
    store,
    registry,
    metrics,
    log,
    isClosing,
    failedJoins,
    publisher,
    fanout,
    fallback: options.nextHandler,
  });
  const upgrade = createUpgradeHandler({
    config,
    store,
    registry,
    log,
    metrics,
    failedJoins,
    fallback: options.nextUpgradeHandler,
  });
  const httpServer = http.createServer((req, res) => void handler(req, res));
  // Keep idle HTTP connections longer than clients and proxies do (60 s is
  // common), so the server is not the side that closes one: a request a
  // client sends on a kept-alive connection just as the server closes it
  // fails with ECONNRESET (Node's default is 5 s; seen in CI).
  httpServer.keepAliveTimeout = HTTP_KEEP_ALIVE_MS;
  httpServer.headersTimeout = HTTP_KEEP_ALIVE_MS + 1000; // must exceed keepAliveTimeout
  httpServer.on('upgrade', upgrade.handle);
  httpServer.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const close = async (): Promise<void> => {
    upgrade.stopAccepting();
    publisher.close(); // no publication starts once the rooms begin closing
    const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    follower?.close(); // no periodic catch-up while rooms unload
    await registry.close(CLOSE_HANDSHAKE_MS); // 1012 to every socket, then flush + compact each room
    for (const ws of upgrade.wss.clients) ws.terminate(); // sockets refused at upgrade, still closing
    httpServer.closeAllConnections();
    await stopped;
    for (const extension of registry.extensionList) await extension.close?.();
    await merger.close();
    await store.close();
    await fanout?.close();
    log.info('server closed');
  };

  return {
    httpServer,
    config,
    store,
    registry,
    metrics,
    log,
    fanout,
    processId,
    stats: () => registry.stats(),
    socketCount: () => upgrade.socketCount(),
    listen: async (port = config.port, host = config.host) => {
      await store.open?.();
      if (!closing) merger.start(); // its start-up before any traffic (tail-merger.ts)
      // Redis without a shared database carries refused joins only: room messages have no room to go to.
      const rooms = follower?.handlers() ?? { onUpdates() {}, onAwareness() {}, onAwarenessQuery() {}, onReconnect() {} };
      fanout?.start({ ...rooms, onFailedJoin: (digest) => failedJoins.countRemote(digest) });
      if (shared) log.info({ processId, redis: fanout !== null }, 'scale-out: shared PostgreSQL log');
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve({ port: (httpServer.address() as AddressInfo).port });
        });
      });
    },
    close: () => (closing ??= close()),
  };
}

function createStore(config: Config, log: Logger, metrics: Metrics, processId: string): DocStore {
  if (!config.databaseUrl) {
    return new SqliteDocStore({
      dataDir: config.dataDir,
      synchronous: config.sqliteSynchronous,
      inlineCommits: config.sqliteInlineCommits,
      // Time per write transaction, on the writer thread or (small appends) the main thread: a slow disk shows here.
      onTransaction: ({ op, ms, thread = 'writer' }) => metrics.sqliteWriteSeconds.observe({ op, thread }, ms / 1000),
    });
  }
  return new PostgresDocStore({
    url: config.databaseUrl,
    poolSize: config.databasePoolSize,
    applicationName: `common-ground:${processId}`.slice(0, 63),
    onIdleError: (error) => log.warn({ err: error }, 'database connection lost (idle); it will be replaced'),
  });
}
