/**
 * Wiring: config → store → room registry → HTTP handler + websocket upgrade.
 * Next.js is optional (tests run without it): its handlers are fallbacks for
 * whatever is not ours.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FailedJoinLimiter } from './auth/failed-joins';
import type { Config } from './config';
import { createHttpHandler, type RequestHandler } from './http/handler';
import { createLogger, type Logger } from './log';
import { createMetrics, type Metrics } from './metrics';
import { SqliteDocStore } from './persistence/sqlite';
import type { DocStore } from './persistence/types';
import { RoomRegistry, type RegistryStats } from './sync/rooms';
import { createUpgradeHandler, type UpgradeHandler } from './sync/upgrade';

export type ServerOptions = {
  readonly config: Config;
  readonly nextHandler?: RequestHandler;
  readonly nextUpgradeHandler?: UpgradeHandler;
  readonly logger?: Logger;
  /** a storage driver; defaults to SQLite in config.dataDir */
  readonly store?: DocStore;
};

export type CommonGroundServer = {
  readonly httpServer: http.Server;
  readonly config: Config;
  readonly store: DocStore;
  readonly registry: RoomRegistry;
  readonly metrics: Metrics;
  readonly log: Logger;
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
  const store = options.store ?? new SqliteDocStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous });
  const registry = new RoomRegistry({ store, config, log, metrics });
  const failedJoins = new FailedJoinLimiter(config.limits.failedJoinsPerMinute);
  let closing: Promise<void> | null = null;

  const handler = createHttpHandler({
    config,
    store,
    registry,
    metrics,
    log,
    isClosing: () => closing !== null,
    failedJoins,
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
  httpServer.on('upgrade', upgrade.handle);
  httpServer.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const close = async (): Promise<void> => {
    upgrade.stopAccepting();
    const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    await registry.close(CLOSE_HANDSHAKE_MS); // 1012 to every socket, then flush + compact each room
    for (const ws of upgrade.wss.clients) ws.terminate(); // sockets refused at upgrade, still closing
    httpServer.closeAllConnections();
    await stopped;
    await store.close();
    log.info('server closed');
  };

  return {
    httpServer,
    config,
    store,
    registry,
    metrics,
    log,
    stats: () => registry.stats(),
    socketCount: () => upgrade.socketCount(),
    listen: (port = config.port, host = config.host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve({ port: (httpServer.address() as AddressInfo).port });
        });
      }),
    close: () => (closing ??= close()),
  };
}
